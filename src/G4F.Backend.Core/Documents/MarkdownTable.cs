using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// Writes rows as a GitHub markdown table: the first row is the header, short rows are padded to the widest,
/// <c>|</c> is escaped and line breaks in a cell become <c>&lt;br&gt;</c>. Columns that are empty in every row at
/// the right are dropped and at most <see cref="MaxColumns"/> are shown, because every row is padded to the
/// width: one far-away cell (XFD1, a long CSV line, a huge colspan) would otherwise multiply the whole table.
/// </summary>
internal static class MarkdownTable
{
    /// <summary>The most columns a table shows; a note under the table says how many were cut.</summary>
    public const int MaxColumns = 256;

    /// <summary>The number of columns up to the last one with text in <paramref name="cells"/>.</summary>
    public static int Width(IReadOnlyList<string> cells)
    {
        for (var i = cells.Count - 1; i >= 0; i--)
        {
            if (!string.IsNullOrWhiteSpace(cells[i]))
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>The paragraph under a table of <paramref name="width"/> columns cut to <see cref="MaxColumns"/>.</summary>
    public static string CutNote(int width) => $"*Only the first {MaxColumns} of {width} columns are shown.*";

    /// <summary>Appends a blank line and the <see cref="CutNote"/> when the table was cut; nothing otherwise.</summary>
    public static void AppendCutNote(StringBuilder builder, int width)
    {
        if (width > MaxColumns)
        {
            builder.Append("\n\n").Append(CutNote(width));
        }
    }

    /// <summary>Appends the table for <paramref name="rows"/>; nothing when there are no cells at all.</summary>
    public static void Append(StringBuilder builder, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var fullWidth = 0;
        foreach (var row in rows)
        {
            fullWidth = Math.Max(fullWidth, Width(row));
        }

        if (fullWidth == 0)
        {
            return;
        }

        var width = Math.Min(fullWidth, MaxColumns);

        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            AppendRow(builder, rows[i], width);
            if (i == 0)
            {
                builder.Append('\n');
                AppendSeparator(builder, width);
            }
        }

        AppendCutNote(builder, fullWidth);
    }

    /// <summary>Appends one row of <paramref name="width"/> cells (no trailing line break).</summary>
    public static void AppendRow(StringBuilder builder, IReadOnlyList<string> cells, int width)
    {
        builder.Append('|');
        for (var i = 0; i < width; i++)
        {
            builder.Append(' ');
            if (i < cells.Count)
            {
                AppendCell(builder, cells[i]);
            }

            builder.Append(" |");
        }
    }

    /// <summary>
    /// Writes one row of a table streamed row by row into its own tight block of <paramref name="writer"/> (the first row,
    /// the header, with the separator line under it); <paramref name="first"/> is false afterwards.
    /// </summary>
    public static void WriteStreamedRow(MarkdownBlockWriter writer, IReadOnlyList<string> cells, int width, ref bool first)
    {
        var block = writer.Block(tight: !first);
        AppendRow(block, cells, width);
        if (first)
        {
            block.Append('\n');
            AppendSeparator(block, width);
            first = false;
        }
    }

    /// <summary>Appends the <c>| --- |</c> line under the header.</summary>
    public static void AppendSeparator(StringBuilder builder, int width)
    {
        builder.Append('|');
        for (var i = 0; i < width; i++)
        {
            builder.Append(" --- |");
        }
    }

    private static void AppendCell(StringBuilder builder, string cell)
    {
        var text = cell.AsSpan().Trim();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '|':
                    builder.Append("\\|");
                    break;
                case '\r':
                    builder.Append("<br>");
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    builder.Append("<br>");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
