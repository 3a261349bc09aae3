using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace G4F.Backend.Documents;

/// <summary>
/// PowerPoint decks: per slide in presentation order <c>## Slide N: title</c>, the text of its other shapes (body
/// placeholders as bullets nested by paragraph level), tables, and the speaker notes under <c>### Notes</c>. Slides
/// and notes are streamed one top-level shape at a time, each within the element budget of <see cref="OpenXmlLimits"/>.
/// </summary>
internal sealed class PptxDocumentConverter(DocumentLimits limits) : IDocumentConverter
{
    private const int MaxDepth = 32;

    public bool CanConvert(string extension, string? contentType) =>
        extension == ".pptx"
        || (extension.Length == 0 && contentType == "application/vnd.openxmlformats-officedocument.presentationml.presentation");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MarkdownBlockWriter(output);
        try
        {
            ZipDirectoryGuard.Ensure(input.Content, "PPTX", ZipDirectoryGuard.OfficeEntries(limits));
            using var document = PresentationDocument.Open(input.Content, false, OpenXmlLimits.Settings(limits));
            var budget = OpenXmlLimits.Guard(document, "PPTX", limits, cancellationToken);
            var presentation = document.PresentationPart ?? throw new DocumentConversionException("The PPTX file has no presentation.");
            budget.EnsureWhole(presentation, "the presentation part");
            var number = 0;
            foreach (var slideId in presentation.Presentation?.SlideIdList?.Elements<P.SlideId>() ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (slideId.RelationshipId?.Value is not { } id || presentation.GetPartById(id) is not SlidePart slide)
                {
                    continue;
                }

                number++;
                await WriteSlideAsync(slide, number, budget, writer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable("PPTX", ex);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteSlideAsync(SlidePart slide, int number, OpenXmlBudget budget, MarkdownBlockWriter writer, CancellationToken cancellationToken)
    {
        // The heading comes first but the title shape may come anywhere in z-order: a first pass finds it.
        var titleIndex = -1;
        string? titleText = null;
        var index = 0;
        foreach (var shape in StreamShapes(slide, budget, cancellationToken))
        {
            if (shape is P.Shape candidate && IsTitle(candidate))
            {
                titleIndex = index;
                titleText = candidate.TextBody is { } titleBody ? PlainText(titleBody) : null;
                break;
            }

            index++;
        }

        var heading = writer.Block().Append("## Slide ").Append(number);
        if (titleText is { Length: > 0 })
        {
            heading.Append(": ");
            MarkdownText.AppendEscaped(heading, MarkdownText.OneLine(titleText.ReplaceLineEndings(" ")));
        }

        index = 0;
        foreach (var shape in StreamShapes(slide, budget, cancellationToken))
        {
            if (shape is P.Shape textShape && index != titleIndex && !IsDecoration(textShape) && textShape.TextBody is { } body)
            {
                WriteText(body, IsBody(textShape), writer, cancellationToken);
            }
            else if (shape is P.GraphicFrame frame && frame.Descendants<A.Table>().FirstOrDefault() is { } table)
            {
                var rows = table.Elements<A.TableRow>()
                    .Select(row => (IReadOnlyList<string>)[.. row.Elements<A.TableCell>().Select(cell => cell.TextBody is { } b ? MarkdownText.Escape(PlainText(b)) : string.Empty)])
                    .ToList();
                MarkdownTable.Append(writer.Block(), rows);
            }

            index++;
            await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }

        var noteTexts = new List<string>();
        if (slide.NotesSlidePart is { } notes)
        {
            foreach (var shape in StreamShapes(notes, budget, cancellationToken))
            {
                if (shape is P.Shape noteShape && Placeholder(noteShape)?.Type?.Value == P.PlaceholderValues.Body
                    && noteShape.TextBody is { } b && PlainText(b) is { Length: > 0 } text)
                {
                    noteTexts.Add(text);
                }
            }
        }

        if (noteTexts.Count > 0)
        {
            writer.Block().Append("### Notes");
            foreach (var text in noteTexts)
            {
                writer.Add(MarkdownText.HardBreaks(MarkdownText.Escape(text)));
            }
        }
    }

    // The shapes of a slide's or notes page's shape tree (p:cSld/p:spTree) in z-order, group members in place of their
    // group; one top-level shape is a DOM at a time.
    private static IEnumerable<OpenXmlElement> StreamShapes(OpenXmlPart part, OpenXmlBudget budget, CancellationToken cancellationToken)
    {
        using var reader = OpenXmlReader.Create(part);
        if (!OpenXmlStream.Find<P.ShapeTree>(reader, 2, cancellationToken))
        {
            yield break;
        }

        foreach (var child in OpenXmlStream.Children(reader, cancellationToken))
        {
            if (child.ElementType != typeof(P.Shape) && child.ElementType != typeof(P.GroupShape) && child.ElementType != typeof(P.GraphicFrame))
            {
                OpenXmlStream.Skip(child);
                continue;
            }

            budget.EnsureBlock(part, child.Depth, child.LocalName, "a slide shape");
            var element = OpenXmlStream.Load(child);
            var shapes = element is P.GroupShape group ? Shapes(group, 1) : [element];
            foreach (var shape in shapes)
            {
                yield return shape;
            }
        }
    }

    private static void WriteText(OpenXmlElement body, bool bullets, MarkdownBlockWriter writer, CancellationToken cancellationToken)
    {
        var inList = false;
        var open = new List<int>();
        var count = 0;
        foreach (var paragraph in body.Elements<A.Paragraph>())
        {
            if (++count % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var text = ParagraphText(paragraph).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var escaped = MarkdownText.Escape(text);
            var properties = paragraph.ParagraphProperties;
            var bullet = (bullets && properties?.GetFirstChild<A.NoBullet>() is null)
                || properties?.GetFirstChild<A.CharacterBullet>() is not null
                || properties?.GetFirstChild<A.AutoNumberedBullet>() is not null;
            if (!bullet)
            {
                inList = false;
                writer.Block().Append(MarkdownText.HardBreaks(escaped));
                continue;
            }

            var level = Math.Clamp(properties?.Level?.Value ?? 0, 0, 8);
            var indent = new string(' ', 4 * ListIndent.Depth(open, level, inList));
            writer.Block(tight: inList).Append(indent).Append("- ").Append(MarkdownText.HardBreaks(escaped, indent + "  "));
            inList = true;
        }
    }

    // Shapes in z-order, group members in place of their group.
    private static IEnumerable<OpenXmlElement> Shapes(OpenXmlElement tree, int depth)
    {
        foreach (var child in tree.ChildElements)
        {
            if (child is P.GroupShape group)
            {
                if (depth < MaxDepth)
                {
                    foreach (var inner in Shapes(group, depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
            else if (child is P.Shape or P.GraphicFrame)
            {
                yield return child;
            }
        }
    }

    private static P.PlaceholderShape? Placeholder(P.Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape;

    private static bool IsTitle(P.Shape shape) =>
        Placeholder(shape)?.Type?.Value is { } type && (type == P.PlaceholderValues.Title || type == P.PlaceholderValues.CenteredTitle);

    // A placeholder without a type is a content ("object") placeholder, which lays out bullets like a body.
    private static bool IsBody(P.Shape shape) =>
        Placeholder(shape) is { } placeholder && (placeholder.Type is null || placeholder.Type.Value == P.PlaceholderValues.Body);

    private static bool IsDecoration(P.Shape shape) =>
        Placeholder(shape)?.Type?.Value is { } type
        && (type == P.PlaceholderValues.SlideNumber || type == P.PlaceholderValues.DateAndTime || type == P.PlaceholderValues.Footer || type == P.PlaceholderValues.Header);

    private static string PlainText(OpenXmlElement body) =>
        string.Join('\n', body.Elements<A.Paragraph>().Select(ParagraphText).Select(t => t.Trim()).Where(t => t.Length > 0));

    private static string ParagraphText(A.Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var child in paragraph.ChildElements)
        {
            switch (child)
            {
                case A.Run run:
                    builder.Append(run.Text?.Text);
                    break;
                case A.Field field:
                    builder.Append(field.Text?.Text);
                    break;
                case A.Break:
                    builder.Append('\n');
                    break;
            }
        }

        return builder.ToString();
    }
}
