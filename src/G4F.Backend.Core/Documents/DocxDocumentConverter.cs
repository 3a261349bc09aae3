using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace G4F.Backend.Documents;

/// <summary>
/// Word documents: headings (Title, Heading 1-6, outline levels), paragraphs, bulleted and numbered lists nested by
/// level, bold/italic, hyperlinks and tables. The body is streamed: one paragraph or table row is a DOM at a time,
/// each within the element budget the pre-read established (<see cref="OpenXmlLimits"/>), so a compressed bomb of
/// millions of elements costs time, bounded by the conversion timeout, but not memory.
/// </summary>
internal sealed class DocxDocumentConverter(DocumentLimits limits) : IDocumentConverter
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
            ZipDirectoryGuard.Ensure(input.Content, "DOCX", ZipDirectoryGuard.OfficeEntries(limits));
            using var document = WordprocessingDocument.Open(input.Content, false, OpenXmlLimits.Settings(limits));
            var budget = OpenXmlLimits.Guard(document, "DOCX", limits, cancellationToken);
            var main = document.MainDocumentPart ?? throw NoBody();
            var context = new Context(main, budget, new DocxStyles(main, budget), new DocxNumbering(main, budget), new DocxInline(main));
            using var reader = OpenXmlReader.Create(main);
            if (!OpenXmlStream.Find<Body>(reader, 1, cancellationToken))
            {
                throw NoBody();
            }

            await WriteBlocksAsync(reader, context, writer, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable("DOCX", ex);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DocumentConversionException NoBody() => new("The DOCX file has no document body.");

    // The reader is on a container (the body, a content control); its children are converted one at a time.
    private static async Task WriteBlocksAsync(OpenXmlReader reader, Context context, MarkdownBlockWriter writer, int depth, CancellationToken cancellationToken)
    {
        foreach (var child in OpenXmlStream.Children(reader, cancellationToken))
        {
            var type = child.ElementType;
            if (type == typeof(Paragraph))
            {
                context.Budget.EnsureBlock(context.Main, child.Depth, child.LocalName, "a paragraph");
                WriteParagraph((Paragraph)OpenXmlStream.Load(child), context, writer);
            }
            else if (type == typeof(Table))
            {
                context.ListId = 0;
                await WriteTableAsync(child, context, writer, cancellationToken).ConfigureAwait(false);
            }
            else if ((type == typeof(SdtBlock) || type == typeof(CustomXmlBlock) || type == typeof(SdtContentBlock)) && depth < MaxDepth)
            {
                await WriteBlocksAsync(child, context, writer, depth + 1, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                OpenXmlStream.Skip(child);
            }

            await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Row by row: a table of a million rows is never one DOM.
    private static async Task WriteTableAsync(OpenXmlReader reader, Context context, MarkdownBlockWriter writer, CancellationToken cancellationToken)
    {
        var table = new DocxTable();
        foreach (var child in OpenXmlStream.Children(reader, cancellationToken))
        {
            if (child.ElementType != typeof(TableRow))
            {
                OpenXmlStream.Skip(child);
                continue;
            }

            context.Budget.EnsureBlock(context.Main, child.Depth, child.LocalName, "a table row");
            var row = (TableRow)OpenXmlStream.Load(child);
            table.Add([.. row.Elements<TableCell>().Select(cell => CellText(cell, context))]);
        }

        await table.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
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

    private sealed class Context(MainDocumentPart main, OpenXmlBudget budget, DocxStyles styles, DocxNumbering numbering, DocxInline inline)
    {
        public MainDocumentPart Main { get; } = main;

        public OpenXmlBudget Budget { get; } = budget;

        public DocxStyles Styles { get; } = styles;

        public DocxNumbering Numbering { get; } = numbering;

        public DocxInline Inline { get; } = inline;

        /// <summary>The numId of the list the previous paragraph belonged to; 0 after anything else.</summary>
        public int ListId { get; set; }

        /// <summary>The levels of the list items enclosing the next one (see <see cref="ListIndent"/>).</summary>
        public List<int> OpenLevels { get; } = [];
    }
}
