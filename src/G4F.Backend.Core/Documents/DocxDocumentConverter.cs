using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Documents;

/// <summary>
/// Word documents: headings (Title, Heading 1-6, outline levels), paragraphs, bulleted and numbered lists nested by
/// level, bold/italic, hyperlinks and tables. Parts are capped in size so a compressed bomb cannot fill memory.
/// </summary>
internal sealed class DocxDocumentConverter(IOptions<G4FBackendOptions> options) : IDocumentConverter
{
    private const int MaxDepth = 32;

    public bool CanConvert(string extension, string? contentType) =>
        extension == ".docx"
        || (extension.Length == 0 && contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MarkdownBlockWriter(output);
        try
        {
            using var document = WordprocessingDocument.Open(input.Content, false, OpenXmlLimits.Settings(options.Value));
            OpenXmlLimits.Guard(document, "DOCX", options.Value, cancellationToken);
            var main = document.MainDocumentPart;
            var body = main?.Document?.Body ?? throw new DocumentConversionException("The DOCX file has no document body.");
            var context = new Context(new DocxStyles(main), new DocxNumbering(main), new DocxInline(main));
            await WriteBlocksAsync(body, context, writer, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable("DOCX", ex);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteBlocksAsync(OpenXmlElement container, Context context, MarkdownBlockWriter writer, int depth, CancellationToken cancellationToken)
    {
        foreach (var element in container.ChildElements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (element)
            {
                case Paragraph paragraph:
                    WriteParagraph(paragraph, context, writer);
                    break;
                case Table table:
                    context.ListId = 0;
                    var rows = table.Elements<TableRow>().Select(row => (IReadOnlyList<string>)[.. row.Elements<TableCell>().Select(cell => CellText(cell, context))]).ToList();
                    MarkdownTable.Append(writer.Block(), rows);
                    break;
                case SdtBlock or CustomXmlBlock or SdtContentBlock when depth < MaxDepth:
                    await WriteBlocksAsync(element, context, writer, depth + 1, cancellationToken).ConfigureAwait(false);
                    break;
            }

            await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteParagraph(Paragraph paragraph, Context context, MarkdownBlockWriter writer)
    {
        var text = context.Inline.Render(paragraph).Trim();
        var properties = paragraph.ParagraphProperties;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        var heading = properties?.OutlineLevel?.Val?.Value is { } outline and < 6 ? outline + 1 : context.Styles.HeadingLevel(styleId);
        if (text.Length == 0)
        {
            return;
        }

        if (heading > 0)
        {
            context.ListId = 0;
            writer.Block().Append('#', heading).Append(' ').Append(text.ReplaceLineEndings(" "));
            return;
        }

        var numbering = properties?.NumberingProperties ?? context.Styles.Numbering(styleId);
        if (context.Numbering.Marker(numbering) is not var (marker, level))
        {
            context.ListId = 0;
            writer.Block().Append(MarkdownText.HardBreaks(text));
            return;
        }

        // Items of the same list are tight; another list (bullets after numbers) starts after a blank line.
        var listId = numbering?.NumberingId?.Val?.Value ?? 0;
        var continues = context.ListId == listId;
        context.ListId = listId;

        var indent = new string(' ', 4 * ListIndent.Depth(context.OpenLevels, level, continues));

        // Continuation lines of an item are indented under its text so they stay inside the item.
        writer.Block(tight: continues).Append(indent).Append(marker).Append(MarkdownText.HardBreaks(text, indent + new string(' ', marker.Length)));
    }

    private static string CellText(TableCell cell, Context context)
    {
        var builder = new StringBuilder();
        foreach (var paragraph in cell.Descendants<Paragraph>())
        {
            var text = context.Inline.Render(paragraph).Trim();
            if (text.Length > 0)
            {
                builder.Append(builder.Length > 0 ? "\n" : string.Empty).Append(text);
            }
        }

        return builder.ToString();
    }

    private sealed class Context(DocxStyles styles, DocxNumbering numbering, DocxInline inline)
    {
        public DocxStyles Styles { get; } = styles;

        public DocxNumbering Numbering { get; } = numbering;

        public DocxInline Inline { get; } = inline;

        /// <summary>The numId of the list the previous paragraph belonged to; 0 after anything else.</summary>
        public int ListId { get; set; }

        /// <summary>The levels of the list items enclosing the next one (see <see cref="ListIndent"/>).</summary>
        public List<int> OpenLevels { get; } = [];
    }
}
