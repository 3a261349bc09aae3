using System.Text.Json;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// A self-hosted SearXNG instance (<see cref="SearchOptions.SearxngUrl"/>) through its JSON API:
/// <c>GET {SearxngUrl}/search?q=...&amp;format=json&amp;categories=general</c>, reading <c>results[]</c>
/// (<c>title</c>, <c>url</c>, <c>content</c>). The JSON format must be enabled in the instance's settings.
/// </summary>
internal sealed class SearxngSearch(IHttpClientFactory httpClientFactory, IOptions<SearchOptions> options) : IWebSearch
{
    /// <summary>The engine's name.</summary>
    public const string EngineName = "SearXNG";

    public string Name => EngineName;

    public async Task<IReadOnlyList<WebSearchHit>> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SearxngUrl))
        {
            throw new WebSearchException("SearXNG is not configured on this server.");
        }

        var url = settings.SearxngUrl.TrimEnd('/') + "/search?q=" + Uri.EscapeDataString(query.Query) + "&format=json&categories=general";
        if (Language(query.Region) is { } language)
        {
            url += "&language=" + Uri.EscapeDataString(language);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        var client = httpClientFactory.CreateClient(SearchHttp.ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var json = await SearchHttp.ReadTextAsync(response, EngineName, settings.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse(json, query.MaxResults);
        }
        catch (JsonException ex)
        {
            throw new WebSearchException("SearXNG answered something that is not its JSON format (is format=json enabled?).", ex);
        }
    }

    internal static List<WebSearchHit> Parse(string json, int maxResults)
    {
        using var document = JsonDocument.Parse(json);
        var hits = new List<WebSearchHit>();
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("No results array.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in results.EnumerateArray())
        {
            if (hits.Count >= maxResults)
            {
                break;
            }

            var url = String(result, "url");
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !seen.Add(url))
            {
                continue;
            }

            hits.Add(new WebSearchHit(String(result, "title") ?? url, url, String(result, "content") ?? string.Empty));
        }

        return hits;
    }

    /// <summary>A SearXNG language for a DuckDuckGo-style region: <c>us-en</c> → <c>en-US</c>; none for <c>wt-wt</c>.</summary>
    internal static string? Language(string? region)
    {
        if (string.IsNullOrWhiteSpace(region) || region.Equals("wt-wt", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = region.Split('-');
        return parts is [{ Length: 2 } country, { Length: 2 } language]
            ? language.ToLowerInvariant() + "-" + country.ToUpperInvariant()
            : region;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Trim()
            : null;
}
