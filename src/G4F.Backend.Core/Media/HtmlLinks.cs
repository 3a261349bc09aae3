using HtmlAgilityPack;

namespace G4F.Backend.Media;

/// <summary>The links of a downloaded page that a <c>downloads.json</c> crawl may follow: http(s), no fragment, no <c>rel=nofollow</c>.</summary>
internal static class HtmlLinks
{
    /// <summary>Distinct absolute links of the page in document order, at most <paramref name="limit"/>.</summary>
    public static List<string> Read(Stream html, Uri baseUrl, int limit)
    {
        var document = new HtmlDocument();
        document.Load(html, detectEncodingFromByteOrderMarks: true);
        var links = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in document.DocumentNode.Descendants("a"))
        {
            if (links.Count >= limit)
            {
                break;
            }

            var href = anchor.GetAttributeValue("href", string.Empty).Trim();
            if (href.Length == 0 || anchor.GetAttributeValue("rel", string.Empty).Contains("nofollow", StringComparison.OrdinalIgnoreCase)
                || !Uri.TryCreate(baseUrl, HtmlEntity.DeEntitize(href), out var link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            var absolute = link.GetLeftPart(UriPartial.Query);
            if (seen.Add(absolute))
            {
                links.Add(absolute);
            }
        }

        return links;
    }
}
