using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Documents;

/// <summary>
/// Excel workbooks: per worksheet, in workbook order, <c>## name</c> and a markdown table whose header is the
/// first row. Cells are placed by their reference (sparse rows keep their columns); rows are streamed with a
/// reader instead of loading the sheet's whole DOM.
/// </summary>
internal sealed class XlsxDocumentConverter(IOptions<G4FBackendOptions> options) : IDocumentConverter
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
            using var document = SpreadsheetDocument.Open(input.Content, false, OpenXmlLimits.Settings(options.Value));
            OpenXmlLimits.Guard(document, "XLSX", options.Value, cancellationToken);
            var workbook = document.WorkbookPart ?? throw new DocumentConversionException("The XLSX file has no workbook.");
            var formatter = new XlsxCellFormatter(workbook, cancellationToken);
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }

                writer.Block().Append("## ").Append(MarkdownText.OneLine(sheet.Name?.Value ?? "Sheet"));
                var rows = ReadRows(part, formatter, cancellationToken);
                if (rows.Count == 0)
                {
                    writer.Block().Append("*Empty sheet*");
                    continue;
                }

                MarkdownTable.Append(writer.Block(), rows);
                await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable("XLSX", ex);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<IReadOnlyList<string>> ReadRows(WorksheetPart part, XlsxCellFormatter formatter, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyList<string>>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var row = (Row)reader.LoadCurrentElement()!;
            var cells = new List<string>();
            var next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value) ?? next;
                if (column < next || column >= MaxColumns)
                {
                    continue;
                }

                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(formatter.Format(cell));
                next = column + 1;
            }

            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            if (cells.Count > 0)
            {
                rows.Add(cells);
            }
        }

        return rows;
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
