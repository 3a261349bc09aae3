using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>
/// The sample without <c>G4F:Gui:Path</c>: the client's files are fetched from a fake "raw GitHub" on loopback through the
/// safe downloader on first use, kept in the cache store (by default under the data directory), and an unreachable source gives the how-to page.
/// </summary>
public sealed class FetchedWebClientTests : IAsyncLifetime
{
    private const string Repository = "/gpt4free/g4f.dev/refs/heads/main/";
    private FakeFileServer _raw = null!;

    public async Task InitializeAsync()
    {
        _raw = await FakeFileServer.StartAsync();

        // Raw GitHub sends text/plain for everything: the content type must come from the extension.
        _raw.MapText(Repository + "chat/index.html", "text/plain; charset=utf-8", WebClientFolder.Index);
        _raw.MapText(Repository + "dist/js/chat.v1.js", "text/plain; charset=utf-8", WebClientFolder.Script);
    }

    public async Task DisposeAsync() => await _raw.DisposeAsync();

    [Fact]
    public async Task Files_are_fetched_once_kept_in_the_cache_store_and_served_with_their_content_type()
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);
        var client = factory.CreateClient();

        var first = await client.GetAsync("/chat/");
        var second = await client.GetAsync("/chat/");
        var script = await client.GetAsync("/dist/js/chat.v1.js");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Index);
        first.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await second.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Index);
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await script.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Script);
        _raw.Requests.Count(r => r == Repository + "chat/index.html").Should().Be(1);
        File.ReadAllText(Path.Combine(factory.DataDirectory, "web-client", "chat", "index.html")).Should().EndWith(WebClientFolder.Index);
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_fetch()
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/dist/js/chat.v1.js")));

        responses.Should().AllSatisfy(r => r.StatusCode.Should().Be(HttpStatusCode.OK));
        _raw.Requests.Count(r => r == Repository + "dist/js/chat.v1.js").Should().Be(1);
    }

    [Fact]
    public async Task A_file_the_source_does_not_have_is_404_and_a_hostile_path_never_reaches_the_source()
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);
        var client = factory.CreateClient();

        (await client.GetAsync("/dist/js/missing.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/dist/%2e%2e/%2e%2e/%2e%2e/etc/passwd")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/dist/.git/config")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        _raw.Requests.Should().Equal(Repository + "dist/js/missing.js");
    }

    [Fact]
    public async Task A_source_that_cannot_be_reached_gives_the_how_to_page_not_a_bare_404()
    {
        // A port nothing listens on: the connection is refused, as offline.
        using var factory = Fetching("http://127.0.0.1:1/gpt4free/");
        var client = factory.CreateClient();

        var page = await client.GetAsync("/chat/");
        var asset = await client.GetAsync("/dist/js/chat.v1.js");

        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("G4F__Gui__Path").And.Contain("git clone https://github.com/gpt4free/g4f.dev");
        asset.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task With_fetching_off_the_how_to_page_is_shown_at_once()
    {
        using var factory = Fetching(string.Empty);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        var page = await client.GetAsync("/");

        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await page.Content.ReadAsStringAsync()).Should().Contain("G4F:Gui:Path");
        _raw.Requests.Should().BeEmpty();
    }

    private static BackendFactory Fetching(string baseUrl) => new(new Dictionary<string, string?>
    {
        ["G4F:Gui:BaseUrl"] = baseUrl,
        ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
    });
}
