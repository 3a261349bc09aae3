using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The endpoint names (OpenAPI operation ids) <c>MapG4FBackend</c> gives its routes are unique per application, however
/// many times and under whatever groups a host mounts it: a duplicate name fails every request of the host, its own
/// routes included. The root and a prefix of one plain segment keep the names they always had.
/// </summary>
public sealed class EndpointNameTests : IDisposable
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
    public async Task Two_mounts_under_outer_groups_serve_and_name_each_route_once()
    {
        await using var app = await StartAsync(app =>
        {
            app.MapGroup("/a").MapG4FBackend();
            app.MapGroup("/b").MapG4FBackend();
        });
        var client = app.GetTestClient();

        (await client.GetStringAsync("/ping")).Should().Be("pong", "the host's own routes must keep working");
        (await client.GetAsync("/a/backend-api/v2/version")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/b/backend-api/v2/version")).StatusCode.Should().Be(HttpStatusCode.OK);
        var names = Names(app);
        names.Should().OnlyHaveUniqueItems("endpoint names are unique per application").And.Contain(["G4F_a_GetVersion", "G4F_b_GetVersion"]);
        var links = app.Services.GetRequiredService<LinkGenerator>();
        links.GetPathByName("G4F_b_GetMedia", new { name = "x.png" }).Should().Be("/b/media/x.png", "each mount's names link that mount");
    }

    [Fact]
    public async Task Mounts_whose_prefixes_differ_only_in_punctuation_or_nesting_get_different_names()
    {
        await using var app = await StartAsync(app =>
        {
            app.MapG4FBackend();
            app.MapG4FBackend("/ab");
            app.MapG4FBackend("/a-b");
            app.MapGroup("/a").MapG4FBackend("/b");
            app.MapGroup("/{tenant}").MapG4FBackend();
        });
        var client = app.GetTestClient();

        (await client.GetAsync("/a-b/backend-api/v2/version")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/a/b/backend-api/v2/version")).StatusCode.Should().Be(HttpStatusCode.OK);
        var versions = Names(app).Where(n => n.EndsWith("_GetVersion", StringComparison.Ordinal)).ToList();
        versions.Should().HaveCount(5).And.OnlyHaveUniqueItems();
        versions.Should().Contain("G4F_GetVersion", "the root mount keeps the names it always had");
        versions.Should().Contain("G4F_ab_GetVersion", "a prefix of one plain segment keeps the name it always had");
        versions.Should().Contain(n => n.StartsWith("G4F_tenant_", StringComparison.Ordinal), "a prefix with a parameter is named by its template");
    }

    [Fact]
    public async Task The_OpenAI_door_mapped_twice_serves_both_and_keeps_its_usual_names_at_v1()
    {
        await using var app = await StartAsync(app =>
        {
            app.MapG4FOpenAI();
            app.MapG4FOpenAI("/openai");
            app.MapGroup("/t").MapG4FOpenAI();
        });
        var client = app.GetTestClient();

        (await client.GetStringAsync("/ping")).Should().Be("pong", "the host's own routes must keep working");
        (await client.GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/openai/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/t/v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        var names = Names(app);
        names.Should().OnlyHaveUniqueItems("endpoint names are unique per application");
        names.Should().Contain(["OpenAIListModels", "G4F_openai_OpenAIListModels"], "the usual mount keeps its names, another is prefixed");
        names.Where(n => n.EndsWith("OpenAIListModels", StringComparison.Ordinal)).Should().HaveCount(3);
        var links = app.Services.GetRequiredService<LinkGenerator>();
        links.GetPathByName("G4F_openai_OpenAIListModels", values: null).Should().Be("/openai/models", "each mount's names link that mount");
    }

    [Fact]
    public async Task A_host_fallback_beside_a_root_door_serves_the_hosts_paths_and_the_door_answers_its_own()
    {
        await using var app = await StartAsync(app =>
        {
            app.MapG4FOpenAI(string.Empty);
            app.MapFallback(() => "the host's page");
        });
        var client = app.GetTestClient();

        // Before, the door's root catch-all tied with the host's fallback: every unmatched request was ambiguous (500).
        (await client.GetStringAsync("/settings/profile")).Should().Be("the host's page");
        (await client.GetAsync("/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var unknown = await client.GetAsync("/chat/nothing");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"No route GET /chat/nothing","type":"invalid_request_error","param":null,"code":"not_found"}}""");
    }

    private async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = _data;
        });
        var app = builder.Build();
        map(app);
        app.MapGet("/ping", () => "pong");
        await app.StartAsync();
        return app;
    }

    private static List<string> Names(WebApplication app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IEndpointNameMetadata>()).Select(n => n.EndpointName),
    ];
}
