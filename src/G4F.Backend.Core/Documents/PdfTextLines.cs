using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// A page's glyphs as lines in one sort: glyphs on one baseline form a row, read left to right; a gap wider than
/// <see cref="WordGapInSizes"/> of the font size (or a blank glyph) separates words, and a gap wider than a column
/// gutter can be narrow ends the line, so each column gets its own line. Glyphs that advance vertically (rotated
/// text) keep their content-stream order, one line per run.
/// </summary>
internal static class PdfTextLines
{
    // A gap inside a line wider than this many font sizes separates two columns' lines.
    private const double ColumnGapInSizes = 1.5;

    // Baselines closer than this many font sizes are one line.
    private const double SameLineInSizes = 0.4;

    // A gap between glyphs wider than this many font sizes is a space (text placed without space characters).
    private const double WordGapInSizes = 0.15;

    private static readonly Comparer<PdfGlyph> LeftToRight = Comparer<PdfGlyph>.Create((a, b) => a.X.CompareTo(b.X));

    public static List<PdfTextLine> Build(List<PdfGlyph> glyphs)
    {
        var lines = new List<PdfTextLine>();
        var placed = new List<PdfGlyph>(glyphs.Count);
        var text = new StringBuilder();
        var rotated = new List<PdfGlyph>();
        foreach (var glyph in glyphs)
        {
            if (glyph.Text.Length == 0)
            {
                continue;
            }

            if (glyph.IsHorizontal)
            {
                placed.Add(glyph with { X = Math.Min(glyph.X, glyph.EndX), EndX = Math.Max(glyph.X, glyph.EndX), Size = Math.Max(glyph.Size, 1) });
                AddRotated(rotated, text, lines);
            }
            else
            {
                rotated.Add(glyph);
            }
        }

        AddRotated(rotated, text, lines);

        // Content streams mostly show a line's text left to right in one go: runs of glyphs on one baseline, each in
        // order, are sorted instead of every glyph; a row whose runs interleave has its glyphs sorted.
        var runs = new List<(int From, int To, double Y, double X, double EndX, double Size)>();
        for (var i = 0; i < placed.Count; i++)
        {
            var glyph = placed[i];
            if (runs.Count > 0 && runs[^1] is var run && run.To == i && glyph.Y == run.Y && glyph.X >= run.EndX - (0.5 * glyph.Size))
            {
                runs[^1] = run with { To = i + 1, EndX = Math.Max(run.EndX, glyph.EndX), Size = Math.Max(run.Size, glyph.Size) };
            }
            else
            {
                runs.Add((i, i + 1, glyph.Y, glyph.X, glyph.EndX, glyph.Size));
            }
        }

        // PDF y grows upwards: top to bottom, then left to right.
        runs.Sort((a, b) => a.Y != b.Y ? b.Y.CompareTo(a.Y) : a.X.CompareTo(b.X));
        var row = new List<PdfGlyph>();
        var start = 0;
        for (var i = 1; i <= runs.Count; i++)
        {
            if (i < runs.Count && runs[start].Y - runs[i].Y <= SameLineInSizes * runs[start].Size)
            {
                continue;
            }

            runs.Sort(start, i - start, Comparer<(int From, int To, double Y, double X, double EndX, double Size)>.Create((a, b) => a.X.CompareTo(b.X)));
            row.Clear();
            var interleaved = false;
            for (var r = start; r < i; r++)
            {
                interleaved |= r > start && runs[r].X < runs[r - 1].EndX - (0.5 * runs[r].Size);
                for (var g = runs[r].From; g < runs[r].To; g++)
                {
                    row.Add(placed[g]);
                }
            }

            if (interleaved)
            {
                row.Sort(LeftToRight);
            }

            AddRow(row, 0, row.Count, text, lines);
            start = i;
        }

        return lines;
    }

    // One baseline's glyphs, left to right, as words joined by one space, cut into lines where the gap is a gutter's.
    private static void AddRow(List<PdfGlyph> row, int from, int to, StringBuilder text, List<PdfTextLine> lines)
    {
        text.Clear();
        double left = 0, right = 0, baseline = 0, size = 0;
        var space = false;
        for (var i = from; i < to; i++)
        {
            var glyph = row[i];
            var blank = string.IsNullOrWhiteSpace(glyph.Text);
            if (text.Length > 0 && !blank && glyph.X - right > ColumnGapInSizes * Math.Max(size, glyph.Size))
            {
                lines.Add(new PdfTextLine(left, right, baseline, size, text.ToString()));
                text.Clear();
            }

            if (blank)
            {
                space = text.Length > 0;
                continue;
            }

            if (text.Length == 0)
            {
                (left, right, baseline, size) = (glyph.X, glyph.EndX, glyph.Y, glyph.Size);
            }
            else if (space || glyph.X - right > WordGapInSizes * glyph.Size)
            {
                text.Append(' ');
            }

            text.Append(glyph.Text);
            right = Math.Max(right, glyph.EndX);
            size = Math.Max(size, glyph.Size);
            space = false;
        }

        if (text.Length > 0)
        {
            lines.Add(new PdfTextLine(left, right, baseline, size, text.ToString()));
        }
    }

    private static void AddRotated(List<PdfGlyph> run, StringBuilder text, List<PdfTextLine> lines)
    {
        if (run.Count == 0)
        {
            return;
        }

        text.Clear();
        foreach (var glyph in run)
        {
            text.Append(glyph.Text);
        }

        var joined = text.ToString().Trim();
        if (joined.Length > 0)
        {
            lines.Add(new PdfTextLine(run.Min(g => Math.Min(g.X, g.EndX)), run.Max(g => Math.Max(g.X, g.EndX)), run.Max(g => Math.Max(g.Y, g.EndY)), Math.Max(run[0].Size, 1), joined));
        }

        run.Clear();
    }
}
