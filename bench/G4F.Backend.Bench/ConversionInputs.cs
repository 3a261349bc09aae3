using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace G4F.Backend.Bench;

/// <summary>
/// Generated benchmark documents of about a target size: prose from a fixed vocabulary (seeded, so every run
/// converts the same bytes) with headings, emphasis, lists and tables where the format has them.
/// </summary>
internal static class ConversionInputs
{
    private static readonly string[] Words =
    [
        "the", "report", "revenue", "quarter", "growth", "team", "product", "market", "customer", "service", "cost", "plan",
        "budget", "risk", "delivery", "release", "quality", "support", "contract", "region", "forecast", "margin", "supply",
        "network", "platform", "analysis", "strategy", "review", "policy", "schedule", "increase", "reduce", "improve",
    ];

    /// <summary>Builds with a small unit count, then scales the count linearly to reach <paramref name="targetBytes"/>.</summary>
    public static byte[] Sized(Func<int, byte[]> build, long targetBytes)
    {
        // Fixed overhead (headers, fonts, ZIP directories) skews the first estimate, so it is refined once.
        var units = Math.Max(1, (int)(20.0 * targetBytes / build(20).Length));
        return build(Math.Max(1, (int)((double)units * targetBytes / build(units).Length)));
    }

    public static byte[] Csv(int rows)
    {
        var random = new Random(1);
        var builder = new StringBuilder("id,name,amount,date,comment\n");
        for (var i = 0; i < rows; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{i},\"{Sentence(random, 2)}\",{random.Next(100_000) / 100.0},2024-{1 + (i % 12):00}-{1 + (i % 28):00},\"{Sentence(random, 8)}, \"\"quoted\"\"\"\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] Html(int sections)
    {
        var random = new Random(2);
        var builder = new StringBuilder("<!DOCTYPE html><html><head><title>Bench</title><style>p{margin:0}</style></head><body><main>\n");
        for (var i = 0; i < sections; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<h2>Section {i}</h2>\n<p>{Sentence(random, 30)} <strong>{Sentence(random, 3)}</strong> <a href=\"https://example.com/{i}\">{Sentence(random, 2)}</a> {Sentence(random, 20)}.</p>\n");
            builder.Append(CultureInfo.InvariantCulture, $"<ul><li>{Sentence(random, 6)}</li><li>{Sentence(random, 6)}<ul><li>{Sentence(random, 4)}</li></ul></li></ul>\n");
            builder.Append(CultureInfo.InvariantCulture, $"<table><tr><th>Key</th><th>Value</th></tr><tr><td>{Sentence(random, 2)}</td><td>{random.Next()}</td></tr></table>\n");
            builder.Append(CultureInfo.InvariantCulture, $"<pre><code class=\"language-js\">const x{i} = {random.Next()};</code></pre>\n");
        }

        builder.Append("</main></body></html>\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] Docx(int sections)
    {
        var random = new Random(3);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            for (var i = 0; i < sections; i++)
            {
                body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading2" }), Run($"Section {i}", false)));
                body.Append(new Paragraph(Run(Sentence(random, 30) + " ", false), Run(Sentence(random, 3), true), Run(" " + Sentence(random, 20) + ".", false)));
                body.Append(new Table(Row(["Key", "Value"]), Row([Sentence(random, 2), random.Next().ToString(CultureInfo.InvariantCulture)])));
            }

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    public static byte[] Pdf(int pages)
    {
        var random = new Random(4);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < pages; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var line = 0; line < 50; line++)
            {
                page.AddText(Sentence(random, 12), 10, new PdfPoint(50, 800 - (line * 15)), font);
            }
        }

        return builder.Build();
    }

    /// <summary>Pages of two columns of 50 short lines each, the right column written after the left one.</summary>
    public static byte[] PdfTwoColumns(int pages)
    {
        var random = new Random(5);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < pages; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            foreach (var x in (int[])[50, 310])
            {
                for (var line = 0; line < 50; line++)
                {
                    page.AddText(Sentence(random, 5), 10, new PdfPoint(x, 800 - (line * 15)), font);
                }
            }
        }

        return builder.Build();
    }

    private static Run Run(string text, bool bold) =>
        bold ? new Run(new RunProperties(new Bold()), new Text(text) { Space = SpaceProcessingModeValues.Preserve }) : new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static TableRow Row(string[] cells) => new(cells.Select(c => new TableCell(new Paragraph(Run(c, false)))));

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
}
