using System.Net;
using G4F.Backend.Documents;
using HtmlAgilityPack;

namespace G4F.Backend.Search;

/// <summary>
/// Reads the result list of DuckDuckGo's HTML endpoint: each <c>div.result</c> holds a <c>a.result__a</c> title link
/// (usually a <c>//duckduckgo.com/l/?uddg=&lt;target&gt;</c> redirect) and a <c>.result__snippet</c>. Ads
/// (<c>result--ad</c>, <c>/y.js</c> click links), the "no results" notice and anything that is not an http(s) page are skipped.
/// </summary>
internal static class DuckDuckGoHtmlParser
{
    private const string ResultXPath = "//div[contains(concat(' ', normalize-space(@class), ' '), ' result ')]";

    /// <summary>The results of <paramref name="html"/>, at most <paramref name="maxResults"/>, without duplicates.</summary>
    public static List<WebSearchHit> Parse(string html, int maxResults)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = 256 };
        document.LoadHtml(html);
        var hits = new List<WebSearchHit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in document.DocumentNode.SelectNodes(ResultXPath) ?? Enumerable.Empty<HtmlNode>())
        {
            if (hits.Count >= maxResults)
            {
                break;
            }

            var classes = result.GetClasses().ToList();
            if (classes.Contains("result--ad") || classes.Contains("result--no-result"))
            {
                continue;
            }

            var link = result.SelectSingleNode(".//a[contains(concat(' ', normalize-space(@class), ' '), ' result__a ')]");
            var url = link is null ? null : TargetUrl(WebUtility.HtmlDecode(link.GetAttributeValue("href", string.Empty)));
            if (url is null || !seen.Add(url))
            {
                continue;
            }

            var snippet = result.SelectSingleNode(".//*[contains(concat(' ', normalize-space(@class), ' '), ' result__snippet ')]");
            hits.Add(new WebSearchHit(Text(link!), url, snippet is null ? string.Empty : Text(snippet)));
        }

        return hits;
    }

    /// <summary>Whether the page is DuckDuckGo's bot check rather than a result list.</summary>
    public static bool IsBotCheck(string html) =>
        html.Contains("anomaly-modal", StringComparison.Ordinal) || html.Contains("challenge-form", StringComparison.Ordinal);

    /// <summary>The page a result link leads to: the <c>uddg</c> target of a redirect link, or the link itself; null for ads and non-pages.</summary>
    internal static string? TargetUrl(string href)
    {
        if (href.StartsWith("//", StringComparison.Ordinal))
        {
            href = "https:" + href;
        }
        else if (href.StartsWith('/'))
        {
            href = "https://duckduckgo.com" + href;
        }

        if (!Uri.TryCreate(href, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (IsDuckDuckGo(uri.Host))
        {
            // Ad clicks go through /y.js; only /l/ carries an organic result's target.
            if (uri.AbsolutePath != "/l/" || Parameter(uri.Query, "uddg") is not { } target
                || !Uri.TryCreate(target, UriKind.Absolute, out uri) || IsDuckDuckGo(uri.Host))
            {
                return null;
            }
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri.OriginalString : null;
    }

    private static bool IsDuckDuckGo(string host) =>
        host.Equals("duckduckgo.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".duckduckgo.com", StringComparison.OrdinalIgnoreCase);

    private static string? Parameter(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair.AsSpan(0, equals).SequenceEqual(name))
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    private static string Text(HtmlNode node) => MarkdownText.CollapseWhiteSpace(WebUtility.HtmlDecode(node.InnerText)).Trim();
}
