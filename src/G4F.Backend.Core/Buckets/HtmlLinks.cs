using System.Text;
using G4F.Backend.Documents;
using HtmlAgilityPack;

namespace G4F.Backend.Buckets;

/// <summary>The links of a downloaded page that a <c>downloads.json</c> crawl may follow: http(s), no fragment, no <c>rel=nofollow</c>.</summary>
internal static class HtmlLinks
{
    /// <summary>
    /// Only the start of a page is parsed for links, and of that at most a quarter of the HTML converter's tag and
    /// attribute budgets (about 30 and 16 MB of tree): the DOM of a whole large page costs many times its size.
    /// </summary>
    public const int MaxParsedBytes = 2 * 1024 * 1024;

    /// <summary>Distinct absolute links in the first <see cref="MaxParsedBytes"/> of the page in document order, at most <paramref name="limit"/>.</summary>
    public static async Task<List<string>> ReadAsync(Stream html, Uri baseUrl, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        var buffer = new byte[MaxParsedBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await html.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        var text = await new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true)
            .ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // The converter's tag and attribute budgets: a page of tiny sibling elements, or of one tag of a million
        // attributes, would make a tree a hundred times its size.
        text = text[..HtmlDocumentConverter.MarkupBudgetEnd(text, HtmlDocumentConverter.MaxTags / 4, HtmlDocumentConverter.MaxAttributes / 4)];

        // The converter's nesting cap: HtmlAgilityPack's walk over a page nested deeper would overflow the stack.
        var document = new HtmlDocument { OptionMaxNestedChildNodes = HtmlDocumentConverter.MaxNesting };
        try
        {
            document.LoadHtml(text);
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            return [];
        }

        var links = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in document.DocumentNode.Descendants("a"))
        {
            cancellationToken.ThrowIfCancellationRequested();
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
