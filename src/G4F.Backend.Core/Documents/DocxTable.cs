namespace G4F.Backend.Documents;

/// <summary>
/// The rows of a DOCX table collected while its part is streamed, then written as the same markdown table as
/// <see cref="MarkdownTable.Append"/>. A table cannot be written before its last row (the width is the widest row),
/// so what is kept is made small: trailing blank cells are dropped (they print as padding anyway), cells past
/// <see cref="MarkdownTable.MaxColumns"/> are counted but not kept, runs of blank rows are one entry with a count,
/// and the kept text is capped at <see cref="MaxChars"/>.
/// </summary>
internal sealed class DocxTable
{
    /// <summary>The most characters of cell text one table may keep (32 MB): more could not be written within the output budget of a typical bucket anyway.</summary>
    public const long MaxChars = 16L * 1024 * 1024;

    private readonly List<(string[] Cells, long Count)> _rows = [];
    private int _fullWidth;
    private long _chars;

    /// <summary>Adds a row of cell texts.</summary>
    public void Add(IReadOnlyList<string> cells)
    {
        var width = MarkdownTable.Width(cells);
        _fullWidth = Math.Max(_fullWidth, width);
        var kept = new string[Math.Min(width, MarkdownTable.MaxColumns)];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = cells[i];
            _chars += cells[i].Length;
        }

        if (_chars > MaxChars)
        {
            throw new DocumentConversionException($"The DOCX file is too large to read: a table holds more than {MaxChars} characters of text.");
        }

        if (kept.Length == 0 && _rows.Count > 0 && _rows[^1].Cells.Length == 0)
        {
            _rows[^1] = (kept, _rows[^1].Count + 1);
            return;
        }

        _rows.Add((kept, 1));
    }

    /// <summary>Writes the table as one block (nothing when no cell has text), flushing as it goes.</summary>
    public async Task WriteAsync(MarkdownBlockWriter writer, CancellationToken cancellationToken)
    {
        if (_fullWidth == 0)
        {
            return;
        }

        var width = Math.Min(_fullWidth, MarkdownTable.MaxColumns);
        var first = true;
        foreach (var (cells, count) in _rows)
        {
            for (var i = 0L; i < count; i++)
            {
                MarkdownTable.WriteStreamedRow(writer, cells, width, ref first);

                if (i % 1024 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (_fullWidth > MarkdownTable.MaxColumns)
        {
            writer.Block().Append(MarkdownTable.CutNote(_fullWidth));
        }
    }
}
