using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>
/// HTML pages as markdown: headings, paragraphs, links, images, nested lists, emphasis, code, blockquotes and
/// tables; scripts, styles and the head are dropped (the title becomes <c># title</c> when the page has no h1). The
/// page is decoded as a browser decodes it: byte-order mark, declared <c>charset</c>, <c>&lt;meta charset&gt;</c>, then
/// UTF-8 or Windows-1252 (<see cref="DocumentEncoding"/>).
/// </summary>
internal sealed class HtmlDocumentConverter : IDocumentConverter
{
    // HtmlAgilityPack refuses deeper documents instead of overflowing the stack while parsing or walking them.
    internal const int MaxNesting = 256;

    public bool CanConvert(string extension, string? contentType) =>
        extension is ".html" or ".htm" or ".xhtml"
        || (extension.Length == 0 && contentType is "text/html" or "application/xhtml+xml");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var encoding = await DocumentEncoding.DetectAsync(input.Content, input.ContentType, html: true, cancellationToken).ConfigureAwait(false);

        // The encoding is decided above; the library would only note a <meta> that disagrees with it.
        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxNesting, OptionReadEncoding = false };
        try
        {
            document.Load(input.Content, encoding, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw new DocumentConversionException($"The HTML file cannot be read (it may nest elements deeper than {MaxNesting} levels).", ex);
        }

        var writer = new MarkdownBlockWriter(output);
        var root = document.DocumentNode;
        if (Find(root, "h1") is null && Find(root, "title") is { } title
            && MarkdownText.CollapseWhiteSpace(System.Net.WebUtility.HtmlDecode(title.InnerText)).Trim() is { Length: > 0 } text)
        {
            MarkdownText.AppendEscaped(writer.Block().Append("# "), text);
        }

        var renderer = new HtmlMarkdownRenderer(writer, cancellationToken);
        await renderer.RenderAsync(Find(root, "body") ?? root).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Breadth-first, without recursion, skipping what the page never shows.
    private static HtmlNode? Find(HtmlNode root, string name)
    {
        var queue = new Queue<HtmlNode>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node.Name == name)
            {
                return node;
            }

            if (node.Name is "script" or "style" or "template" or "noscript" or "svg")
            {
                continue;
            }

            foreach (var child in node.ChildNodes)
            {
                if (child.NodeType == HtmlNodeType.Element)
                {
                    queue.Enqueue(child);
                }
            }
        }

        return null;
    }
}
