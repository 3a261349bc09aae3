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
    /// <summary>HtmlAgilityPack refuses deeper documents instead of overflowing the stack while parsing or walking them.</summary>
    internal const int MaxNesting = 256;

    /// <summary>
    /// Most tags (counted as <c>&lt;</c> characters, closing tags included) a page may have: HtmlAgilityPack's tree costs
    /// about 500 bytes a tag, so this keeps the tree near 120 MB, within the 256 MiB a conversion may take. A long article
    /// has some tens of thousands.
    /// </summary>
    internal const int MaxTags = 250_000;

    /// <summary>
    /// Most attributes (counted as the library will make them, <see cref="HtmlAttributeCounter"/>) a page may have: each
    /// costs about 130 bytes of tree, so this keeps them near 65 MB beside the tags; a long article has some tens of
    /// thousands.
    /// </summary>
    internal const int MaxAttributes = 500_000;

    /// <summary>
    /// Largest page converted: the library holds the page's text, and the walk copies a paragraph a few times over
    /// (decoded, collapsed, escaped), so a 16 MiB page costs about 100 MB besides its tags.
    /// </summary>
    internal const long MaxBytes = 16L * 1024 * 1024;

    public bool CanConvert(string extension, string? contentType) =>
        extension is ".html" or ".htm" or ".xhtml"
        || (extension.Length == 0 && contentType is "text/html" or "application/xhtml+xml");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Content.CanSeek && input.Content.Length - input.Content.Position > MaxBytes)
        {
            throw new DocumentConversionException(HtmlTagBudgetStream.TooLarge(MaxBytes));
        }

        var encoding = await DocumentEncoding.DetectAsync(input.Content, input.ContentType, html: true, cancellationToken).ConfigureAwait(false);

        // The encoding is decided above; the library would only note a <meta> that disagrees with it.
        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxNesting, OptionReadEncoding = false };
        try
        {
            // The tags (in its bytes) and the attributes (in its text) are counted as the parser reads, so the page is read
            // once more here, not twice.
            using var counted = new HtmlTagBudgetStream(input.Content, MaxTags, MaxBytes);
            using var reader = new HtmlAttributeBudgetReader(counted, encoding, MaxAttributes);
            document.Load(reader);
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

    /// <summary>
    /// Where to cut <paramref name="text"/> so the library parses at most <paramref name="maxTags"/> tags and
    /// <paramref name="maxAttributes"/> attributes: at its <paramref name="maxTags"/>-th <c>&lt;</c>, or sooner at the
    /// attribute over the budget (<see cref="HtmlAttributeCounter"/>); its length when it has fewer.
    /// </summary>
    internal static int MarkupBudgetEnd(string text, int maxTags, int maxAttributes)
    {
        var end = text.Length;
        var index = 0;
        for (var tags = 0; tags < maxTags; tags++)
        {
            var next = text.IndexOf('<', index);
            if (next < 0)
            {
                break;
            }

            index = next + 1;
            if (tags == maxTags - 1)
            {
                end = next;
            }
        }

        var over = new HtmlAttributeCounter().Add(text.AsSpan(0, end), maxAttributes);
        return over >= 0 ? over : end;
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
