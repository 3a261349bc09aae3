using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace G4F.Backend.Documents;

/// <summary>
/// Excel workbooks: per worksheet, in workbook order, <c>## name</c> and a markdown table whose header is the
/// first row. Cells are placed by their reference (sparse rows keep their columns); rows are streamed with a
/// reader instead of loading the sheet's whole DOM.
/// </summary>
internal sealed class XlsxDocumentConverter(DocumentLimits limits) : IDocumentConverter
{
    // Column XFD is the last one Excel allows.
    private const int MaxColumns = 16_384;

    public bool CanConvert(string extension, string? contentType) =>
        extension is ".xlsx" or ".xlsm"
        || (extension.Length == 0 && contentType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MarkdownBlockWriter(output);
        try
        {
            ZipDirectoryGuard.Ensure(input.Content, "XLSX", ZipDirectoryGuard.OfficeEntries(limits));
            using var document = SpreadsheetDocument.Open(input.Content, false, OpenXmlLimits.Settings(limits));
            var budget = OpenXmlLimits.Guard(document, "XLSX", limits, cancellationToken);
            var workbook = document.WorkbookPart ?? throw new DocumentConversionException("The XLSX file has no workbook.");
            budget.EnsureWhole(workbook, "the workbook part");
            var formatter = new XlsxCellFormatter(workbook, budget, cancellationToken);
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }

                var heading = writer.Block().Append("## ");
                MarkdownText.AppendEscaped(heading, MarkdownText.OneLine(sheet.Name?.Value ?? "Sheet"));
                await WriteSheetAsync(part, budget, formatter, writer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable("XLSX", ex);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Two passes over the sheet: the first finds the table width, the second streams the rows out, so a big
    // sheet is never held in memory.
    private static async Task WriteSheetAsync(WorksheetPart part, OpenXmlBudget budget, XlsxCellFormatter formatter, MarkdownBlockWriter writer, CancellationToken cancellationToken)
    {
        var fullWidth = 0;
        foreach (var row in Rows(part, budget, cancellationToken))
        {
            foreach (var (column, text) in Cells(row, formatter))
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    fullWidth = Math.Max(fullWidth, column + 1);
                }
            }
        }

        if (fullWidth == 0)
        {
            writer.Block().Append("*Empty sheet*");
            return;
        }

        var width = Math.Min(fullWidth, MarkdownTable.MaxColumns);
        var first = true;
        var cells = new List<string>();
        foreach (var row in Rows(part, budget, cancellationToken))
        {
            cells.Clear();
            foreach (var (column, text) in Cells(row, formatter))
            {
                if (column >= width)
                {
                    break;
                }

                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(MarkdownText.Escape(text));
            }

            if (MarkdownTable.Width(cells) == 0)
            {
                continue;
            }

            MarkdownTable.WriteStreamedRow(writer, cells, width, ref first);

            await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (fullWidth > MarkdownTable.MaxColumns)
        {
            writer.Block().Append(MarkdownTable.CutNote(fullWidth));
        }
    }

    // One row is a DOM at a time, each within the budget; the token is checked every few thousand nodes.
    private static IEnumerable<Row> Rows(WorksheetPart part, OpenXmlBudget budget, CancellationToken cancellationToken)
    {
        using var reader = OpenXmlReader.Create(part);
        var nodes = 0;
        while (reader.Read())
        {
            if (++nodes % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.ElementType == typeof(Row) && reader.IsStartElement)
            {
                cancellationToken.ThrowIfCancellationRequested();
                budget.EnsureBlock(part, reader.Depth, reader.LocalName, "a sheet row");
                yield return (Row)reader.LoadCurrentElement()!;
            }
        }
    }

    // The cells of a row with their zero-based columns, left to right; cells out of order or past XFD are skipped.
    private static IEnumerable<(int Column, string Text)> Cells(Row row, XlsxCellFormatter formatter)
    {
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = ColumnIndex(cell.CellReference?.Value) ?? next;
            if (column < next || column >= MaxColumns)
            {
                continue;
            }

            next = column + 1;
            yield return (column, formatter.Format(cell));
        }
    }

    /// <summary>The zero-based column of a reference such as <c>C7</c>, or null when it has none.</summary>
    internal static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (upper - 'A' + 1);
            if (++letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : column - 1;
    }
}
