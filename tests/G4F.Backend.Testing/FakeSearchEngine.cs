using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>
/// Web search fakes on one <see cref="FakeFileServer"/>: DuckDuckGo's HTML endpoint (<c>POST /html/</c>, form fields
/// recorded), a SearXNG instance (<c>GET /searx/search</c>) and result pages under <c>/pages/</c>.
/// </summary>
public sealed class FakeSearchEngine : IAsyncDisposable
{
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _forms = new();

    private FakeSearchEngine(FakeFileServer server)
    {
        Server = server;
        server.Map("/html/", async context =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            _forms.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            context.Response.StatusCode = DuckDuckGoStatus;
            context.Response.ContentType = "text/html; charset=UTF-8";
            await context.Response.WriteAsync(DuckDuckGoHtml, context.RequestAborted);
        });
        server.Map("/searx/search", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(SearxngJson, context.RequestAborted);
        });
    }

    /// <summary>The underlying server (for stalls, files and the request record).</summary>
    public FakeFileServer Server { get; }

    /// <summary>The server root.</summary>
    public string BaseUrl => Server.BaseUrl;

    /// <summary>The URL to configure as <c>G4F:Search:DuckDuckGoUrl</c>.</summary>
    public string DuckDuckGoUrl => BaseUrl + "/html/";

    /// <summary>The URL to configure as <c>G4F:Search:SearxngUrl</c>.</summary>
    public string SearxngUrl => BaseUrl + "/searx";

    /// <summary>What the DuckDuckGo endpoint answers. Default: DuckDuckGo's "no results" page.</summary>
    public string DuckDuckGoHtml { get; set; } = NoResultsHtml;

    /// <summary>The status of the DuckDuckGo endpoint's answer. Default 200.</summary>
    public int DuckDuckGoStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>What the SearXNG endpoint answers. Default: no results.</summary>
    public string SearxngJson { get; set; } = """{"results":[]}""";

    /// <summary>The form fields of every DuckDuckGo request, in arrival order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> DuckDuckGoForms => [.. _forms];

    /// <summary>Requests to the search endpoints.</summary>
    public int EngineRequests => Server.Requests.Count(r => r.StartsWith("/html/", StringComparison.Ordinal) || r.StartsWith("/searx/", StringComparison.Ordinal));

    /// <summary>Requests for result pages, path and query.</summary>
    public IReadOnlyList<string> PageRequests => [.. Server.Requests.Where(r => r.StartsWith("/pages/", StringComparison.Ordinal))];

    /// <summary>DuckDuckGo's answer when it found nothing.</summary>
    public const string NoResultsHtml = """
        <html><body><div id="links" class="results">
          <div class="result results_links results_links_deep result--no-result">
            <div class="no-results">No  results.</div>
          </div>
        </div></body></html>
        """;

    /// <summary>Starts the fakes on a free loopback port.</summary>
    /// <returns>The running fakes; dispose them to stop.</returns>
    public static async Task<FakeSearchEngine> StartAsync() => new(await FakeFileServer.StartAsync());

    /// <summary>The URL of the result page <paramref name="name"/>.</summary>
    /// <param name="name">The page name.</param>
    /// <returns>The absolute URL.</returns>
    public string Page(string name) => $"{BaseUrl}/pages/{name}";

    /// <summary>Serves an HTML result page.</summary>
    /// <param name="name">The page name.</param>
    /// <param name="html">The page.</param>
    /// <returns>Its URL.</returns>
    public string MapPage(string name, string html)
    {
        Server.MapText($"/pages/{name}", "text/html; charset=utf-8", html);
        return Page(name);
    }

    /// <summary>Makes DuckDuckGo answer these results, after an ad, in its markup.</summary>
    /// <param name="results">Title, page URL and snippet of each result.</param>
    public void Results(params (string Title, string Url, string Snippet)[] results) => DuckDuckGoHtml = DuckDuckGoResultsHtml(results);

    /// <summary>A result page in DuckDuckGo's markup: one ad, then the results behind <c>/l/?uddg=</c> redirect links.</summary>
    /// <param name="results">Title, page URL and snippet of each result.</param>
    /// <returns>The HTML.</returns>
    public static string DuckDuckGoResultsHtml(params (string Title, string Url, string Snippet)[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var items = results.Select(r => $"""
            <div class="result results_links results_links_deep web-result ">
              <div class="links_main links_deep result__body">
                <h2 class="result__title"><a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg={Uri.EscapeDataString(r.Url)}&amp;rut=abc">{WebUtility.HtmlEncode(r.Title)}</a></h2>
                <a class="result__snippet" href="//duckduckgo.com/l/?uddg={Uri.EscapeDataString(r.Url)}&amp;rut=abc">{WebUtility.HtmlEncode(r.Snippet)}</a>
              </div>
            </div>
            """);
        return $"""
            <html><body><div id="links" class="results">
            <div class="result results_links results_links_deep result--ad ">
              <h2 class="result__title"><a rel="nofollow" class="result__a" href="https://duckduckgo.com/y.js?ad_domain=ads.example&amp;u3=x">Sponsored</a></h2>
              <a class="result__snippet" href="https://duckduckgo.com/y.js?ad_domain=ads.example">An ad.</a>
            </div>
            {string.Join("\n", items)}
            </div></body></html>
            """;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
