using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>PDFs written with PdfPig's builder at run time.</summary>
internal static class PdfSamples
{
    /// <summary>Page 1: a title and two paragraphs; page 2: two columns side by side; page 3: blank.</summary>
    public static byte[] Report()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);

        var first = builder.AddPage(PageSize.A4);
        first.AddText("Quarterly report", 20, new PdfPoint(60, 760), bold);
        Lines(first, font, 60, 720, "Revenue grew by twelve percent in the", "third quarter compared with last year.");
        Lines(first, font, 60, 640, "Costs stayed flat while the team", "shipped two new products.");

        var second = builder.AddPage(PageSize.A4);
        Lines(second, font, 50, 760, "Left column starts here and", "continues on this line and", "ends the left column.");
        Lines(second, font, 330, 760, "Right column begins after", "the left one is finished", "and closes the page.");

        builder.AddPage(PageSize.A4);
        return builder.Build();
    }

    /// <summary>
    /// A title across the page, two columns of two paragraphs each whose paragraph breaks fall at the same height,
    /// and a footer across the page.
    /// </summary>
    public static byte[] Article()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("A study of columns across the whole width of the page", 16, new PdfPoint(50, 790), font);
        Lines(page, font, 50, 750, "Left one: the first paragraph of the", "left column has two lines.");
        Lines(page, font, 50, 700, "Left two: the second paragraph of the", "left column follows it.");
        Lines(page, font, 310, 750, "Right one: the right column starts", "after the left column ends.");
        Lines(page, font, 310, 700, "Right two: and it closes with this", "paragraph at the bottom.");
        page.AddText("Footer note that runs under both of the columns of this page, from the left margin to the right one", 9, new PdfPoint(50, 60), font);
        return builder.Build();
    }

    /// <summary><paramref name="pages"/> pages of one column, each with its number in its text.</summary>
    public static byte[] Pages(int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var number = 1; number <= pages; number++)
        {
            var page = builder.AddPage(PageSize.A4);
            Lines(page, font, 60, 760, $"This is page {number} of the document,", "the second line of its paragraph.");
        }

        return builder.Build();
    }

    private static void Lines(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, double x, double top, params string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            page.AddText(lines[i], 11, new PdfPoint(x, top - (i * 14)), font);
        }
    }
}
