using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace G4F.Backend.Documents;

/// <summary>
/// PDF text per page under <c>## Page N</c>, in reading order (<see cref="PdfPageLayout"/>: a two-column page reads
/// column by column). Every stream PdfPig decodes is counted against the file's decoded-bytes budget
/// (<c>G4F:Buckets:MaxPdfDecodedBytes</c>, and <c>MaxPdfPageDecodedBytes</c> for one page) before it is inflated,
/// so a small file that inflates to gigabytes is a per-file error, not gigabytes of memory. Pages are read as glyphs
/// only (<see cref="PdfTextPageFactory"/>), at most <see cref="PdfGlyphCollector.MaxGlyphsPerPage"/> a page.
/// </summary>
internal sealed class PdfDocumentConverter(IOptions<G4FBackendOptions> options) : IDocumentConverter
{
    public bool CanConvert(string extension, string? contentType) =>
        extension == ".pdf" || (extension.Length == 0 && contentType == "application/pdf");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var limits = options.Value.Buckets;
        var budget = new PdfDecodeBudget(limits.MaxPdfDecodedBytes, limits.MaxPdfPageDecodedBytes, cancellationToken);
        var writer = new MarkdownBlockWriter(output);
        try
        {
            var parsing = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = new PdfBudgetFilterProvider(budget) };
            using var document = PdfDocument.Open(input.Content, parsing);
            document.AddPageFactory<PdfTextPage, PdfTextPageFactory>();
            budget.ThrowIfOverrun();
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                budget.BeginPage();
                var page = document.GetPage<PdfTextPage>(number);

                // PdfPig swallows some errors inside a page (a font it cannot load): an overrun among them still ends the file.
                budget.ThrowIfOverrun();
                writer.Block().Append("## Page ").Append(number);
                foreach (var paragraph in PdfPageLayout.Paragraphs(page.Glyphs))
                {
                    // Lines of a paragraph are the page's visual lines: soft breaks, each escaped so it stays text.
                    writer.Add(MarkdownText.JoinLines(paragraph.Select(line => MarkdownText.Escape(line.Text)), "\n"));
                }

                await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Whatever PdfPig made of the stop request inside a decode, it is a stop, not a bad file.
            throw new OperationCanceledException("The PDF conversion was stopped.", ex, cancellationToken);
        }
        catch (Exception ex) when (budget.Overrun is { } overrun && !ReferenceEquals(ex, overrun))
        {
            throw new DocumentConversionException(overrun.Message, ex);
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
}
