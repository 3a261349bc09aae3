using System.Collections.Concurrent;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>
/// One loopback server that plays DuckDuckGo's HTML endpoint (<c>POST /html/</c>), a SearXNG instance
/// (<c>GET /searx/search</c>) and the result pages; every request is recorded.
/// </summary>
internal sealed class SearchServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _forms = new();

    private SearchServer(FakeFileServer server)
    {
        Server = server;
        server.Map("/html/", async context =>
        {
            var form = await context.Request.ReadFormAsync();
            _forms.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            context.Response.StatusCode = DuckDuckGoStatus;
            context.Response.ContentType = "text/html; charset=UTF-8";
            await context.Response.WriteAsync(DuckDuckGoHtml);
        });
        server.Map("/searx/search", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(SearxngJson);
        });
    }

    public FakeFileServer Server { get; }

    public string BaseUrl => Server.BaseUrl;

    public string DuckDuckGoUrl => BaseUrl + "/html/";

    public string SearxngUrl => BaseUrl + "/searx";

    /// <summary>What the DuckDuckGo endpoint answers.</summary>
    public string DuckDuckGoHtml { get; set; } = DuckDuckGoPages.NoResults;

    public int DuckDuckGoStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>What the SearXNG endpoint answers.</summary>
    public string SearxngJson { get; set; } = """{"results":[]}""";

    /// <summary>The form fields of every DuckDuckGo request.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> DuckDuckGoForms => [.. _forms];

    /// <summary>Requests to the search endpoints.</summary>
    public int EngineRequests => Server.Requests.Count(r => r.StartsWith("/html/", StringComparison.Ordinal) || r.StartsWith("/searx/", StringComparison.Ordinal));

    /// <summary>Requests for result pages.</summary>
    public IReadOnlyList<string> PageRequests => [.. Server.Requests.Where(r => r.StartsWith("/pages/", StringComparison.Ordinal))];

    public static async Task<SearchServer> StartAsync() => new(await FakeFileServer.StartAsync());

    /// <summary>The URL of the result page <paramref name="name"/>.</summary>
    public string Page(string name) => $"{BaseUrl}/pages/{name}";

    /// <summary>Serves an HTML result page.</summary>
    public string MapPage(string name, string html)
    {
        Server.MapText($"/pages/{name}", "text/html; charset=utf-8", html);
        return Page(name);
    }

    /// <summary>DuckDuckGo answers these results (after an ad).</summary>
    public void Results(params (string Title, string Url, string Snippet)[] results) => DuckDuckGoHtml = DuckDuckGoPages.For(results);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
