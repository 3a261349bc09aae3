using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace G4F.Backend.Documents;

/// <summary>
/// Turns XLSX cell values into text: shared and inline strings, booleans, errors, numbers in invariant culture, and
/// numbers whose format is a date or time (built-in formats 14-22 and 45-47, custom codes with d/m/y/h/s) as ISO
/// dates in the workbook's 1900 or 1904 date system.
/// </summary>
internal sealed class XlsxCellFormatter
{
    private readonly XlsxSharedStrings _sharedStrings;
    private readonly List<bool> _dateStyles = [];
    private readonly List<int> _percentDecimals = [];
    private readonly bool _date1904;

    /// <summary>Reads the shared strings (streamed) and the styles (read whole, within <paramref name="budget"/>).</summary>
    public XlsxCellFormatter(WorkbookPart workbook, OpenXmlBudget budget, CancellationToken cancellationToken)
    {
        _date1904 = workbook.Workbook?.WorkbookProperties?.Date1904?.Value ?? false;
        _sharedStrings = new XlsxSharedStrings(workbook.SharedStringTablePart, budget, StringItemText, cancellationToken);
        if (workbook.WorkbookStylesPart is { } stylesPart)
        {
            budget.EnsureWhole(stylesPart, "the style sheet");
        }

        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var custom = new Dictionary<uint, bool>();
        foreach (var format in stylesheet?.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id)
            {
                custom[id] = IsDateCode(format.FormatCode?.Value ?? string.Empty);
            }
        }

        foreach (var cellFormat in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = cellFormat.NumberFormatId?.Value ?? 0;
            _dateStyles.Add(custom.TryGetValue(id, out var isDate) ? isDate : id is >= 14 and <= 22 or >= 45 and <= 47);

            // Built-in formats 9 ("0%") and 10 ("0.00%"); -1 for anything else.
            _percentDecimals.Add(id switch { 9 => 0, 10 => 2, _ => -1 });
        }
    }

    /// <summary>The display text of <paramref name="cell"/>; formulas show their cached value.</summary>
    public string Format(Cell cell)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? StringItemText(inline) : cell.CellValue?.Text ?? string.Empty;
        }

        var value = cell.CellValue?.Text;
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? _sharedStrings[index] : string.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return value is "1" or "true" ? "TRUE" : "FALSE";
        }

        if (type == CellValues.Date)
        {
            return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? Iso(date, date.TimeOfDay != TimeSpan.Zero) : value;
        }

        if (type == CellValues.String || type == CellValues.Error)
        {
            return value;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value;
        }

        var style = (int)(cell.StyleIndex?.Value ?? 0);
        if (style < _dateStyles.Count && _dateStyles[style])
        {
            return FormatDate(number);
        }

        if (style < _percentDecimals.Count && _percentDecimals[style] >= 0)
        {
            return (number * 100).ToString("F" + _percentDecimals[style].ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
        }

        // Excel shows 15 significant digits: 0.1 + 0.2 stored as 0.30000000000000004 reads 0.3.
        return number.ToString("G15", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a custom number format code shows a date or time.</summary>
    public static bool IsDateCode(string code)
    {
        // Only the first section (positive numbers) decides; quoted text, escapes and [colour]/[locale] tags do not count,
        // but elapsed-time tags such as [h] do.
        var inQuote = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (inQuote)
            {
                inQuote = c != '"';
                continue;
            }

            switch (c)
            {
                case '"':
                    inQuote = true;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case ';':
                    return false;
                case '[':
                    var close = code.IndexOf(']', i);
                    if (close < 0)
                    {
                        return false;
                    }

                    var tag = code.AsSpan(i + 1, close - i - 1);
                    if (tag.Length > 0 && tag.TrimStart("hHmMsS").IsEmpty)
                    {
                        return true;
                    }

                    i = close;
                    break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' or 'h' or 'H' or 's' or 'S':
                    return true;
            }
        }

        return false;
    }

    private string FormatDate(double serial)
    {
        // Excel counts 1900-02-29, a day that never was: serials before it are one day later than OLE dates.
        var adjusted = _date1904 ? serial + 1462 : serial is > 0 and < 60 ? serial + 1 : serial;
        if (adjusted is < -657434 or > 2958465)
        {
            return serial.ToString(CultureInfo.InvariantCulture);
        }

        var date = DateTime.FromOADate(adjusted);
        var rounded = new DateTime((date.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
        if (serial is >= 0 and < 1)
        {
            return rounded.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return Iso(rounded, rounded.TimeOfDay != TimeSpan.Zero);
    }

    private static string Iso(DateTime date, bool withTime) =>
        date.ToString(withTime ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Rich text runs and plain text, without phonetic guides (rPh), which repeat the text as a reading aid.
    private static string StringItemText(DocumentFormat.OpenXml.OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } plain && item.GetFirstChild<Run>() is null)
        {
            return DecodeEscapes(plain.Text);
        }

        var builder = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text text)
            {
                builder.Append(text.Text);
            }
            else if (child is Run run && run.Text is { } runText)
            {
                builder.Append(runText.Text);
            }
        }

        return DecodeEscapes(builder.ToString());
    }

    // OOXML writes characters XML cannot hold as _xHHHH_ (_x000D_ for a carriage return); _x005F_ escapes an underscore.
    private static string DecodeEscapes(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 6;
                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
