using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// Writes rows as a GitHub markdown table: the first row is the header, short rows are padded to the widest,
/// <c>|</c> is escaped and line breaks in a cell become <c>&lt;br&gt;</c>.
/// </summary>
internal static class MarkdownTable
{
    /// <summary>Appends the table for <paramref name="rows"/>; nothing when there are no cells at all.</summary>
    public static void Append(StringBuilder builder, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var width = 0;
        foreach (var row in rows)
        {
            width = Math.Max(width, row.Count);
        }

        if (width == 0)
        {
            return;
        }

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
