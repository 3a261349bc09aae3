using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// A host that mounts the backend twice (say a public and an internal mount, each with its own authorization) links the
/// images of <c>/v1/images/generations</c> to the media route of the mount the request came through, else the first;
/// a chat completion's pictures link where the backend is mounted too, not the root.
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

    [Fact]
    public async Task A_chat_completions_pictures_link_the_media_route_where_the_backend_is_mounted()
    {
        await using var app = await StartAsync(app =>
        {
            app.UsePathBase("/base");
            app.MapG4FBackend("/g4f");
            app.MapG4FOpenAI("/v1");
        });
        var client = app.GetTestClient();

        using var response = await client.PostAsync("/base/v1/chat/completions", Json("""{"model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var content = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        // The picture as g4f renders a stored image: a link to the file around its thumbnail.
        var link = System.Text.RegularExpressions.Regex.Match(content, "href=\"([^\"]+)\"").Groups[1].Value;
        var thumbnail = System.Text.RegularExpressions.Regex.Match(content, "<img src=\"([^\"]+)\"").Groups[1].Value;
        link.Should().StartWith("/base/g4f/media/", $"the answer was {content}");
        thumbnail.Should().StartWith("/base/g4f/thumbnail/", $"the answer was {content}");
        (await client.GetByteArrayAsync(link)).Should().Equal(Pixel);
        (await client.GetAsync(thumbnail)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/internal/v1", "/internal/media/")]
    [InlineData("/public/v1", "/public/media/")]
    [InlineData("/v1", "/public/media/")] // under neither mount: the first
    public async Task The_image_links_the_media_route_of_the_mount_the_request_came_through(string frontDoor, string expected)
    {
        await using var app = await StartAsync(app =>
        {
            app.MapG4FBackend("/public");
            app.MapG4FBackend("/internal");
            app.MapG4FOpenAI(frontDoor);
        });
        var client = app.GetTestClient();

        using var response = await client.PostAsync(frontDoor + "/images/generations", Json("""{"prompt":"a fox"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var url = new Uri(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data")[0].GetProperty("url").GetString()!);
        url.AbsolutePath.Should().StartWith(expected);
        (await client.GetByteArrayAsync(url.PathAndQuery)).Should().Equal(Pixel);
    }

    private Task<WebApplication> StartAsync(Action<WebApplication> map) => MountedBackend.StartAsync(_data, _upstream.OpenAIBaseUrl, map);
}
