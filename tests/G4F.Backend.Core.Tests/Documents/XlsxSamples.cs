using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Workbooks written with the OpenXML SDK at run time.</summary>
internal static class XlsxSamples
{
    private const uint DateStyle = 1;
    private const uint CustomDateTimeStyle = 2;
    private const uint DecimalStyle = 3;

    /// <summary>Sheet "People" (shared strings, dates, booleans, formula, sparse cells), an empty sheet, and "Totals | 2024".</summary>
    public static byte[] People(bool date1904 = false)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new WorkbookProperties { Date1904 = date1904 }, new Sheets());
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("Name")),
                new SharedStringItem(new Text("Joined")),
                new SharedStringItem(new Text("Active")),
                new SharedStringItem(new Text("Score")),
                new SharedStringItem(new Run(new Text("Ada ")), new Run(new RunProperties(new Bold()), new Text("Lovelace"))));
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy\\ hh:mm" }, new NumberingFormat { NumberFormatId = 165, FormatCode = "0.00\" days\"" }),
                new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14 }, new CellFormat { NumberFormatId = 164 }, new CellFormat { NumberFormatId = 165 }));

            AddSheet(workbook, "People", 1, new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1), Shared("C1", 2), Shared("D1", 3), Inline("E1", "Note")) { RowIndex = 1 },
                new Row(Shared("A2", 4), Number("B2", "45292", DateStyle), Boolean("C2", true), Number("D2", "3.5", 0), Inline("E2", "pipe | here")) { RowIndex = 2 },
                new Row(Inline("A3", "Grace"), Number("B3", "45292.75", CustomDateTimeStyle), Boolean("C3", false), Formula("D3", "D2*2", "7")) { RowIndex = 3 },
                new Row(Inline("A5", "Sparse"), Number("D5", "1234567.125", DecimalStyle)) { RowIndex = 5 }));
            AddSheet(workbook, "Empty", 2, new SheetData());
            AddSheet(workbook, "Totals | 2024", 3, new SheetData(
                new Row(Inline("A1", "Total"), Number("B1", "10.5", 0)) { RowIndex = 1 },
                new Row(Inline("A2", "line\nbreak"), Number("B2", "1E-3", 0)) { RowIndex = 2 }));
        }

        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, string name, uint id, SheetData data)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = new Worksheet(data);
        workbook.Workbook!.Sheets!.Append(new Sheet { Name = name, SheetId = id, Id = workbook.GetIdOfPart(part) });
    }

    private static Cell Shared(string reference, int index) =>
        new(new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.SharedString };

    private static Cell Inline(string reference, string text) =>
        new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };

    private static Cell Number(string reference, string value, uint style) =>
        new(new CellValue(value)) { CellReference = reference, StyleIndex = style };

    private static Cell Boolean(string reference, bool value) =>
        new(new CellValue(value ? "1" : "0")) { CellReference = reference, DataType = CellValues.Boolean };

    private static Cell Formula(string reference, string formula, string cached) =>
        new(new CellFormula(formula), new CellValue(cached)) { CellReference = reference };
}
