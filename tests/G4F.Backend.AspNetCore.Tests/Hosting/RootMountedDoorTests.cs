using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The OpenAI door mounted at the root shares the path space with the host: a host's own fallback (an SPA's
/// <c>MapFallbackToFile</c>) tied with the door's root catch-all, and every request no route served failed as ambiguous.
/// </summary>
public sealed class RootMountedDoorTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task A_host_fallback_beside_a_root_door_serves_the_hosts_paths_and_the_door_answers_its_own()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = _data;
        });
        await using var app = builder.Build();
        app.MapG4FOpenAI(string.Empty);
        app.MapFallback(() => "the host's page");
        await app.StartAsync();
        var client = app.GetTestClient();

        (await client.GetStringAsync("/settings/profile")).Should().Be("the host's page");
        (await client.GetAsync("/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var unknown = await client.GetAsync("/chat/nothing");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"No route GET /chat/nothing","type":"invalid_request_error","param":null,"code":"not_found"}}""");
    }
}
