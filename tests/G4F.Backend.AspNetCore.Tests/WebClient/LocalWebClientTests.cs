using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>The sample serving the client from <c>G4F:Gui:Path</c>: pages, assets, redirects, caching, and no way out of the folder.</summary>
public sealed class LocalWebClientTests : IDisposable
{
    private readonly WebClientFolder _folder = new();
    private readonly BackendFactory _factory;
    private readonly HttpClient _client;

    public LocalWebClientTests()
    {
        _factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Gui:Path"] = _folder.Root, ["G4F:Gui:BaseUrl"] = string.Empty });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    [Theory]
    [InlineData("/", "/chat/")]
    [InlineData("/chat", "/chat/")]
    public async Task The_root_and_the_bare_chat_path_redirect_to_the_client(string path, string location)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be(location);
    }

    [Theory]
    [InlineData("/chat/", WebClientFolder.Index, "text/html")]
    [InlineData("/chat/index.html", WebClientFolder.Index, "text/html")]
    [InlineData("/chat/sr", WebClientFolder.ScreenReader, "text/html")]
    [InlineData("/chat/sr.html", WebClientFolder.ScreenReader, "text/html")]
    [InlineData("/dist/js/chat.v1.js", WebClientFolder.Script, "text/javascript")]
    [InlineData("/dist/css/style.css", WebClientFolder.Style, "text/css")]
    public async Task Files_are_served_with_their_content_type(string path, string body, string contentType)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task Pages_are_revalidated_and_assets_cached_and_an_unchanged_file_answers_304()
    {
        var page = await _client.GetAsync("/chat/");
        var asset = await _client.GetAsync("/dist/js/chat.v1.js");

        page.Headers.CacheControl!.NoCache.Should().BeTrue();
        asset.Headers.CacheControl!.Public.Should().BeTrue();
        asset.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromHours(1));
        page.Headers.ETag.Should().NotBeNull();

        using var again = new HttpRequestMessage(HttpMethod.Get, "/chat/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        var notModified = await _client.SendAsync(again);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/dist/js/missing.js")]
    [InlineData("/chat/missing")]
    [InlineData("/dist/")]
    [InlineData("/dist/js")]
    [InlineData("/dist/.env")]
    [InlineData("/dist/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/dist/..%2f..%2fsecret.txt")]
    [InlineData("/dist/%252e%252e/secret.txt")]
    [InlineData("/chat/..%5c..%5csecret.txt")]
    public async Task Missing_hidden_and_escaping_paths_answer_404_over_http(string path)
    {
        var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain(WebClientFolder.Secret);
    }

    // TestServer passes the path as given, without the normalization a real server or client does first, so these reach
    // the handler as written: the handler itself must refuse them.
    [Theory]
    [InlineData("/dist/../../secret.txt")]
    [InlineData("/chat/../../secret.txt")]
    [InlineData("/dist/js/../../../secret.txt")]
    [InlineData("/dist//etc/passwd")]
    [InlineData("/dist/\\..\\..\\secret.txt")]
    [InlineData("/dist/C:/Windows/win.ini")]
    [InlineData("/dist/./.env")]
    public async Task Traversal_reaching_the_handler_unnormalized_answers_404(string path)
    {
        var context = await _factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = new PathString(path);
        });

        context.Response.StatusCode.Should().Be(StatusCodes.Status404NotFound);
        (await new StreamReader(context.Response.Body).ReadToEndAsync()).Should().NotContain(WebClientFolder.Secret);
    }

    // A cloned client repository may hold links: the file served is where the link leads, so that must be inside too.
    [Fact]
    public async Task A_link_to_a_file_outside_the_folder_answers_404()
    {
        File.CreateSymbolicLink(Path.Combine(_folder.Root, "dist", "js", "leak.js"), Path.Combine(_folder.Parent, "secret.txt"));

        var response = await _client.GetAsync("/dist/js/leak.js");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain(WebClientFolder.Secret);
    }

    [Theory]
    [InlineData("../..")]
    [InlineData(null)]
    public async Task A_link_to_a_folder_outside_the_folder_answers_404(string? relativeTarget)
    {
        // dist/up leads to the folder holding the client, by a relative or an absolute target.
        Directory.CreateSymbolicLink(Path.Combine(_folder.Root, "dist", "up"), relativeTarget ?? _folder.Parent);

        var response = await _client.GetAsync("/dist/up/secret.txt");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain(WebClientFolder.Secret);
    }

    [Fact]
    public async Task A_folder_given_as_a_link_serves_links_that_stay_inside_it_and_refuses_one_that_leaves()
    {
        // G4F:Gui:Path itself a link (/srv/client -> /opt/g4f.dev): inside is measured against where it leads.
        var linkedRoot = Path.Combine(_folder.Parent, "linked-client");
        Directory.CreateSymbolicLink(linkedRoot, _folder.Root);
        File.CreateSymbolicLink(Path.Combine(_folder.Root, "dist", "js", "alias.js"), Path.Combine(_folder.Root, "dist", "js", "chat.v1.js"));
        Directory.CreateSymbolicLink(Path.Combine(_folder.Root, "dist", "scripts"), "js");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Root, "dist", "up"), Path.Combine(linkedRoot, ".."));
        using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Gui:Path"] = linkedRoot, ["G4F:Gui:BaseUrl"] = string.Empty });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        (await client.GetStringAsync("/chat/")).Should().Be(WebClientFolder.Index);
        (await client.GetStringAsync("/dist/js/alias.js")).Should().Be(WebClientFolder.Script);
        (await client.GetStringAsync("/dist/scripts/alias.js")).Should().Be(WebClientFolder.Script);
        var outside = await client.GetAsync("/dist/up/secret.txt");
        outside.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outside.Content.ReadAsStringAsync()).Should().NotContain(WebClientFolder.Secret);
    }

    [Theory]
    [InlineData("/chat/")]
    [InlineData("/chat/sr")]
    [InlineData("/dist/js/chat.v1.js")]
    [InlineData("/dist/js/missing.js")]
    public async Task Head_answers_as_get_without_a_body(string path) =>
        await HeadComparison.AnswersLikeGetWithoutABodyAsync(_client, path);

    [Fact]
    public async Task Head_of_a_folder_without_an_index_page_answers_as_the_how_to_page()
    {
        File.Delete(Path.Combine(_folder.Root, "chat", "index.html"));

        await HeadComparison.AnswersLikeGetWithoutABodyAsync(_client, "/chat/");
    }

    [Fact]
    public async Task A_very_long_path_answers_404_without_touching_the_disk()
    {
        var response = await _client.GetAsync("/dist/" + string.Join('/', Enumerable.Repeat(new string('a', 200), 20)));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_folder_without_an_index_page_shows_how_to_get_the_client_not_a_bare_404()
    {
        File.Delete(Path.Combine(_folder.Root, "chat", "index.html"));

        var response = await _client.GetAsync("/chat/");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("G4F:Gui:Path").And.Contain("chat/index.html").And.Contain("https://github.com/gpt4free/g4f.dev");
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _folder.Dispose();
    }
}
