using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace G4F.Backend.Documents;

/// <summary>
/// PDF text per page under <c>## Page N</c>, in reading order (<see cref="PdfPageLayout"/>: a two-column page reads
/// column by column). PdfPig opens the file (read into memory up to 64 MiB), decodes streams and loads fonts; each
/// page's content stream is run by our own interpreter (<see cref="PdfTextInterpreter"/>, through
/// <see cref="PdfTextPageFactory"/>), which builds one small record per shown character and nothing else. Every
/// stream PdfPig decodes is counted against the file's decoded-bytes budget (<c>G4F:Buckets:MaxPdfDecodedBytes</c>,
/// and <c>MaxPdfPageDecodedBytes</c> for one page) before it is inflated, so a small file that inflates to gigabytes
/// is a per-file error, not gigabytes of memory; a page shows at most <see cref="PdfTextInterpreter.MaxGlyphsPerPage"/>
/// characters.
/// </summary>
internal sealed class PdfDocumentConverter(DocumentLimits limits) : IDocumentConverter
{
    // Files up to this size are read into memory first: PdfPig reads a stream byte by byte with a seek per object,
    // which costs as much as the text extraction itself. Larger ones (only hosts that raise the upload limits send
    // them) are read through the stream.
    private const long MaxInMemoryBytes = 64L * 1024 * 1024;

    // Decoded streams become garbage page by page, and a large one lives on the large object heap, which only a full
    // collection frees. Left to the collector's own pace, a file of many large pages held most of its decoded bytes at
    // once (64 pages of 16 MiB each: +166 to +301 MiB resident under load, against a 256 MiB budget; with a collection
    // after each page +3 to +19). A collection after each page that brings the decoded total this far past the last one
    // bounds the garbage whatever the load, and an ordinary file (some hundred KiB a page) meets it seldom if ever.
    private const long CollectAfterDecodedBytes = 32L * 1024 * 1024;

    public bool CanConvert(string extension, string? contentType) =>
        extension == ".pdf" || (extension.Length == 0 && contentType == "application/pdf");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var budget = new PdfDecodeBudget(limits.MaxPdfDecodedBytes, limits.MaxPdfPageDecodedBytes, cancellationToken);
        var writer = new MarkdownBlockWriter(output);
        try
        {
            var bytes = await ReadWholeAsync(input.Content, cancellationToken).ConfigureAwait(false);
            if (bytes is not null && PdfPageCountScan.DeclaredOver(bytes, limits.MaxPdfPages) is { } declared)
            {
                throw TooManyPages(declared);
            }

            if (bytes is not null && PdfPageCountScan.KidsOver(bytes, 2L * limits.MaxPdfPages))
            {
                throw new DocumentConversionException($"The PDF file has more than {limits.MaxPdfPages} pages (the limit for one file).");
            }

            var parsing = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = new PdfBudgetFilterProvider(budget) };
            using var document = bytes is null ? PdfDocument.Open(input.Content, parsing) : PdfDocument.Open(bytes, parsing);
            document.AddPageFactory<PdfTextPage, PdfTextPageFactory>();
            budget.ThrowIfOverrun();

            // A page tree whose /Count lies, or that sits in compressed object streams, is only counted by PdfPig: the
            // tree is built by now, but no page is read and no text written.
            if (document.NumberOfPages > limits.MaxPdfPages)
            {
                throw TooManyPages(document.NumberOfPages);
            }

            var layout = new PdfPageLayout();
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                budget.BeginPage();
                var page = document.GetPage<PdfTextPage>(number);

                // PdfPig swallows some errors inside a page (a font it cannot load): an overrun among them still ends the file.
                budget.ThrowIfOverrun();
                writer.Block().Append("## Page ").Append(number);
                foreach (var paragraph in layout.Paragraphs(page.Glyphs))
                {
                    // Lines of a paragraph are the page's visual lines: soft breaks, each escaped so it stays text.
                    writer.Add(MarkdownText.JoinLines(paragraph.Select(line => MarkdownText.Escape(line.Text)), "\n"));
                }

                await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
                if (budget.TakeDecodedSince(CollectAfterDecodedBytes))
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                }
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

    private DocumentConversionException TooManyPages(long pages) =>
        new($"The PDF file has {pages} pages, more than {limits.MaxPdfPages} (the limit for one file).");

    private static async Task<byte[]?> ReadWholeAsync(Stream content, CancellationToken cancellationToken)
    {
        if (!content.CanSeek || content.Length - content.Position is var length && (length > MaxInMemoryBytes || length <= 0))
        {
            return null;
        }

        var bytes = new byte[length];
        await content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }
}
