using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.Exceptions;

namespace G4F.Backend.Documents;

/// <summary>
/// PDF text per page under <c>## Page N</c>. Letters are grouped into words and text blocks (Docstrum) and the
/// blocks put in reading order, so a two-column page reads column by column instead of line by line across both.
/// </summary>
internal sealed class PdfDocumentConverter : IDocumentConverter
{
    public bool CanConvert(string extension, string? contentType) =>
        extension == ".pdf" || (extension.Length == 0 && contentType == "application/pdf");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MarkdownBlockWriter(output);
        try
        {
            using var document = PdfDocument.Open(input.Content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.Block().Append("## Page ").Append(number);
                WritePage(document.GetPage(number), writer);
                await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentConversionException("The PDF file is encrypted.", ex);
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable("PDF", ex);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WritePage(Page page, MarkdownBlockWriter writer)
    {
        var words = page.GetWords().ToList();
        if (words.Count == 0)
        {
            return;
        }

        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(blocks))
        {
            // Lines of a block are the page's visual lines: soft breaks, each escaped so it stays text.
            writer.Add(MarkdownText.JoinLines(block.TextLines.Select(line => MarkdownText.Escape(line.Text)), "\n"));
        }
    }
}
