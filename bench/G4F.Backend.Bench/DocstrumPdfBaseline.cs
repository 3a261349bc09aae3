using G4F.Backend.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;

namespace G4F.Backend.Bench;

/// <summary>
/// The PDF converter as it was before issue 9 (Docstrum blocks and PdfPig's unsupervised reading-order detector over
/// <c>GetWords</c>), kept only as the bench's same-run baseline for the PDF rows: the speed-up asked for is measured
/// against it on the same files, in the same process, on the same loaded machine.
/// </summary>
internal static class DocstrumPdfBaseline
{
    public static async Task ConvertAsync(string file)
    {
        await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var output = new StreamWriter(Stream.Null);
        var writer = new MarkdownBlockWriter(output);
        using var document = PdfDocument.Open(input, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        for (var number = 1; number <= document.NumberOfPages; number++)
        {
            writer.Block().Append("## Page ").Append(number);
            var words = document.GetPage(number).GetWords().ToList();
            if (words.Count > 0)
            {
                foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(DocstrumBoundingBoxes.Instance.GetBlocks(words)))
                {
                    writer.Add(MarkdownText.JoinLines(block.TextLines.Select(line => MarkdownText.Escape(line.Text)), "\n"));
                }
            }

            await writer.FlushIfLargeAsync(CancellationToken.None);
        }

        await writer.FlushAsync(CancellationToken.None);
    }
}
