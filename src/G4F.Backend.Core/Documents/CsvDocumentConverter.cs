using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace G4F.Backend.Documents;

/// <summary>
/// CSV and TSV as one markdown table, the first record as its header. Quoting follows RFC 4180 through the
/// framework's <see cref="TextFieldParser"/> (quoted delimiters and line breaks inside fields); ragged records are
/// padded to the widest one (at most <see cref="MarkdownTable.MaxColumns"/>), which is why the file is read twice
/// rather than held in memory. A TSV splits on tabs without quoting; a CSV's delimiter is sniffed
/// (<see cref="CsvDelimiter"/>), and the text decoded as <see cref="DocumentEncoding"/> decides.
/// </summary>
internal sealed class CsvDocumentConverter : IDocumentConverter
{
    private const int FlushChars = 64 * 1024;

    public bool CanConvert(string extension, string? contentType) =>
        extension is ".csv" or ".tsv" or ".tab"
        || (extension.Length == 0 && contentType is "text/csv" or "text/tab-separated-values" or "application/csv");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var tab = Path.GetExtension(input.FileName).ToLowerInvariant() is ".tsv" or ".tab"
            || string.Equals(MediaType(input.ContentType), "text/tab-separated-values", StringComparison.OrdinalIgnoreCase);
        var start = input.Content.Position;
        var encoding = await DocumentEncoding.DetectAsync(input.Content, input.ContentType, html: false, cancellationToken).ConfigureAwait(false);
        var dialect = new Dialect(tab ? "TSV" : "CSV", encoding, tab ? '\t' : await SniffAsync(input.Content, encoding, cancellationToken).ConfigureAwait(false), Quoted: !tab);
        input.Content.Position = start;
        var width = 0;
        foreach (var fields in ReadRecords(input.Content, dialect, cancellationToken))
        {
            width = Math.Max(width, MarkdownTable.Width(fields));
        }

        if (width == 0)
        {
            return;
        }

        var fullWidth = width;
        width = Math.Min(width, MarkdownTable.MaxColumns);

        input.Content.Position = start;
        var builder = new StringBuilder();
        var first = true;
        foreach (var fields in ReadRecords(input.Content, dialect, cancellationToken))
        {
            if (!first)
            {
                builder.Append('\n');
            }

            MarkdownTable.AppendRow(builder, [.. fields.Take(width).Select(MarkdownText.Escape)], width);
            if (first)
            {
                builder.Append('\n');
                MarkdownTable.AppendSeparator(builder, width);
                first = false;
            }

            if (builder.Length >= FlushChars)
            {
                await output.WriteAsync(builder, cancellationToken).ConfigureAwait(false);
                builder.Clear();
            }
        }

        MarkdownTable.AppendCutNote(builder, fullWidth);
        await output.WriteAsync(builder, cancellationToken).ConfigureAwait(false);
    }

    // "text/csv; charset=utf-8" -> "text/csv".
    private static string? MediaType(string? contentType) => contentType?.Split(';')[0].Trim();

    // The delimiter of the first records, read (decoded) from the start of the file.
    private static async Task<char> SniffAsync(Stream content, Encoding encoding, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var sample = new char[CsvDelimiter.SampleChars];
        var length = await reader.ReadBlockAsync(sample.AsMemory(), cancellationToken).ConfigureAwait(false);
        return CsvDelimiter.Sniff(sample.AsSpan(0, length), complete: length < sample.Length);
    }

    private static bool EndOfData(TextFieldParser parser, Dialect dialect)
    {
        try
        {
            return parser.EndOfData;
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable(dialect.Format, ex);
        }
    }

    private static IEnumerable<string[]> ReadRecords(Stream content, Dialect dialect, CancellationToken cancellationToken)
    {
        // The same decoding TextFieldParser's own StreamReader would make, through a reader that bounds a record's fields.
        using var text = new CsvRecordBudgetReader(new StreamReader(content, dialect.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: -1, leaveOpen: true), dialect.Delimiter, dialect.Format);
        using var parser = new TextFieldParser(text)
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = dialect.Quoted,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(dialect.Delimiter.ToString());
        while (!EndOfData(parser, dialect))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[]? fields;
            try
            {
                fields = parser.ReadFields();
            }
            catch (MalformedLineException ex)
            {
                throw new DocumentConversionException($"The {dialect.Format} file has a malformed record at line {ex.LineNumber}.", ex);
            }
            catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
            {
                // TextFieldParser gives up on a record over 10 M characters (an unclosed quote) with InvalidOperationException.
                throw ConversionFailure.Unreadable(dialect.Format, ex);
            }

            text.NextRecord();
            if (fields is not null)
            {
                yield return fields;
            }
        }
    }

    /// <summary>How the file is read: its format's name for messages, its encoding, its delimiter, whether quotes group fields.</summary>
    private sealed record Dialect(string Format, Encoding Encoding, char Delimiter, bool Quoted);
}
