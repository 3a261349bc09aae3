using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Values shown as the authoring program shows them.</summary>
public sealed class FidelityTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Fact]
    public async Task Xlsx_shows_percent_formats_15_significant_digits_and_decodes_x_escapes()
    {
        var markdown = await _harness.ConvertAsync("f.xlsx", Workbook());

        markdown.Should().Be("## S\n\n| 0.3 | 25% | 12.34% | a<br>b\\_x0041\\_ |\n| --- | --- | --- | --- |");
    }

    [Fact]
    public async Task Html_numeric_entities_beyond_the_basic_plane_are_decoded()
    {
        var markdown = await _harness.ConvertAsync("e.html", "<p>smile &#128512; &#x1F600; &eacute;</p>");

        markdown.Should().Be("smile \U0001F600 \U0001F600 é");
    }

    public void Dispose() => _harness.Dispose();

    private static byte[] Workbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 9 }, new CellFormat { NumberFormatId = 10 }));
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(new SheetData(new Row(
                new Cell(new CellValue("0.30000000000000004")) { CellReference = "A1" },
                new Cell(new CellValue("0.25")) { CellReference = "B1", StyleIndex = 1 },
                new Cell(new CellValue("0.1234")) { CellReference = "C1", StyleIndex = 2 },
                new Cell(new InlineString(new Text("a_x000D_b_x005F_x0041_"))) { CellReference = "D1", DataType = CellValues.InlineString })
            { RowIndex = 1 }));
            workbook.Workbook.Sheets!.Append(new Sheet { Name = "S", SheetId = 1, Id = workbook.GetIdOfPart(part) });
        }

        return stream.ToArray();
    }
}
