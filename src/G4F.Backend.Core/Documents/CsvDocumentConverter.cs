using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace G4F.Backend.Documents;

/// <summary>
/// CSV and TSV as one markdown table, the first record as its header. Quoting follows RFC 4180 through the
/// framework's <see cref="TextFieldParser"/> (quoted delimiters and line breaks inside fields); ragged records are
/// padded to the widest one (at most <see cref="MarkdownTable.MaxColumns"/>), which is why the file is read twice
/// rather than held in memory.
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
            || string.Equals(input.ContentType, "text/tab-separated-values", StringComparison.OrdinalIgnoreCase);
        var start = input.Content.Position;
        var width = 0;
        foreach (var fields in ReadRecords(input.Content, tab, cancellationToken))
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
        foreach (var fields in ReadRecords(input.Content, tab, cancellationToken))
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

    private static bool EndOfData(TextFieldParser parser, bool tab)
    {
        try
        {
            return parser.EndOfData;
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            throw ConversionFailure.Unreadable(tab ? "TSV" : "CSV", ex);
        }
    }

    private static IEnumerable<string[]> ReadRecords(Stream content, bool tab, CancellationToken cancellationToken)
    {
        using var parser = new TextFieldParser(content, new UTF8Encoding(false), detectEncoding: true, leaveOpen: true)
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = !tab,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(tab ? "\t" : ",");
        while (!EndOfData(parser, tab))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[]? fields;
            try
            {
                fields = parser.ReadFields();
            }
            catch (MalformedLineException ex)
            {
                throw new DocumentConversionException($"The {(tab ? "TSV" : "CSV")} file has a malformed record at line {ex.LineNumber}.", ex);
            }
            catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
            {
                // TextFieldParser gives up on a record over 10 M characters (an unclosed quote) with InvalidOperationException.
                throw ConversionFailure.Unreadable(tab ? "TSV" : "CSV", ex);
            }

            if (fields is not null)
            {
                yield return fields;
            }
        }
    }
}
