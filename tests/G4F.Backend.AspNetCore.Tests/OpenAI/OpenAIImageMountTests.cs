using System.Net;
using System.Text.Json;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// A host that mounts the backend twice (say a public and an internal mount, each with its own authorization) links the
/// images of <c>/v1/images/generations</c> to the media route of the mount the request came through, else the first.
/// </summary>
public sealed class OpenAIImageMountTests : IAsyncLifetime
{
    private static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.ImageUrls = [];
        _upstream.ImageBytes = [Pixel];
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Theory]
    [InlineData("/internal/v1", "/internal/media/")]
    [InlineData("/public/v1", "/public/media/")]
    [InlineData("/v1", "/public/media/")] // under neither mount: the first
    public async Task The_image_links_the_media_route_of_the_mount_the_request_came_through(string frontDoor, string expected)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = _data;
        }).AddOpenAICompatibleProvider("Images", p =>
        {
            p.BaseUrl = _upstream.OpenAIBaseUrl;
            p.ImageModels.Add("dall-e-3");
        });
        await using var app = builder.Build();
        app.MapG4FBackend("/public");
        app.MapG4FBackend("/internal");
        app.MapG4FOpenAI(frontDoor);
        await app.StartAsync();
        var client = app.GetTestClient();

        using var response = await client.PostAsync(frontDoor + "/images/generations", Json("""{"prompt":"a fox"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var url = new Uri(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data")[0].GetProperty("url").GetString()!);
        url.AbsolutePath.Should().StartWith(expected);
        (await client.GetByteArrayAsync(url.PathAndQuery)).Should().Equal(Pixel);
    }
}
