using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// DuckDuckGo through its HTML endpoint (<see cref="SearchOptions.DuckDuckGoUrl"/>): a form post of <c>q</c>,
/// <c>kl</c> (region) and <c>df=y</c> (the past year, as the original asks), no key needed.
/// </summary>
internal sealed class DuckDuckGoSearch(IHttpClientFactory httpClientFactory, IOptions<SearchOptions> options) : IWebSearch
{
    /// <summary>The engine's name.</summary>
    public const string EngineName = "DuckDuckGo";

    public string Name => EngineName;

    public async Task<IReadOnlyList<WebSearchHit>> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        var form = new List<KeyValuePair<string, string>> { new("q", query.Query), new("df", "y") };
        if (!string.IsNullOrWhiteSpace(query.Region))
        {
            form.Add(new("kl", query.Region));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.DuckDuckGoUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.UserAgent.ParseAdd(SearchHttp.UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var client = httpClientFactory.CreateClient(SearchHttp.ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var html = await SearchHttp.ReadTextAsync(response, EngineName, settings.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        var hits = DuckDuckGoHtmlParser.Parse(html, query.MaxResults);
        if (hits.Count == 0 && DuckDuckGoHtmlParser.IsBotCheck(html))
        {
            throw new WebSearchException("DuckDuckGo asked for a bot check instead of answering; try again later.");
        }

        return hits;
    }
}
