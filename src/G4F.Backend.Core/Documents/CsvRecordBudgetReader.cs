namespace G4F.Backend.Documents;

/// <summary>
/// The text <see cref="Microsoft.VisualBasic.FileIO.TextFieldParser"/> reads a CSV from, counting the delimiters it hands
/// over for one record (<see cref="NextRecord"/> starts the count again): the parser splits a whole record into fields,
/// an object or more each, before anyone can look at how many there are, so a 9 MB record of nine million empty fields
/// cost 500 MB. Past <see cref="MaxFields"/> delimiters the read stops with a per-file error, before the record is split.
/// The parser reads ahead at most a few thousand characters, so the count of one record is within that of its own.
/// </summary>
internal sealed class CsvRecordBudgetReader(TextReader inner, char delimiter, string format) : TextReader
{
    /// <summary>Most fields of one record: 390 times the columns a table shows, some 6 MB of fields while it is split.</summary>
    public const int MaxFields = 100_000;

    private int _delimiters;

    /// <summary>The message of a record over the bound.</summary>
    public static string TooMany(string format) => $"The {format} file has a record of more than {MaxFields} fields, too many to convert.";

    /// <summary>Starts counting the next record's delimiters.</summary>
    public void NextRecord() => _delimiters = 0;

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var c = inner.Read();
        return Counted(c == delimiter ? 1 : 0, c);
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        return Counted(buffer[..read].Count(delimiter), read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int delimiters, int result)
    {
        _delimiters += delimiters;
        if (_delimiters > MaxFields)
        {
            throw new DocumentConversionException(TooMany(format));
        }

        return result;
    }
}
