using System.Runtime.InteropServices;
using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// A page's glyphs as lines in one sort: glyphs on one baseline form a row, read left to right; a gap wider than
/// <see cref="WordGapInSizes"/> of the font size (or a blank glyph) separates words, and a gap wider than a column
/// gutter can be narrow ends the line, so each column gets its own line. Glyphs that advance vertically (rotated
/// text) keep their content-stream order, one line per run. One instance reads a file's pages one after another,
/// reusing its buffers (a page's glyphs are sorted in place).
/// </summary>
internal sealed class PdfTextLines
{
    // A gap inside a line wider than this many font sizes separates two columns' lines.
    private const double ColumnGapInSizes = 1.5;

    // Baselines closer than this many font sizes are one line.
    private const double SameLineInSizes = 0.4;

    // A gap between glyphs wider than this many font sizes is a space (text placed without space characters).
    private const double WordGapInSizes = 0.15;

    private static readonly Comparer<PdfGlyph> LeftToRight = Comparer<PdfGlyph>.Create((a, b) => a.X.CompareTo(b.X));

    private static readonly Comparer<PdfGlyphRun> RunsLeftToRight = Comparer<PdfGlyphRun>.Create((a, b) => a.X.CompareTo(b.X));

    private readonly List<PdfGlyphRun> _runs = [];
    private readonly List<PdfGlyph> _row = [];
    private readonly List<PdfGlyph> _rotated = [];
    private readonly StringBuilder _text = new();

    // The line being written: its extent, baseline and size, and whether a blank glyph asked for a space.
    private double _left;
    private double _right;
    private double _baseline;
    private double _size;
    private bool _space;

    /// <summary>The lines of a page's <paramref name="glyphs"/>, which it reorders (the list is the caller's buffer).</summary>
    public List<PdfTextLine> Build(List<PdfGlyph> glyphs)
    {
        var lines = new List<PdfTextLine>();

        // Horizontal glyphs are kept in place, normalized to run left to right; rotated ones become their own lines.
        var all = CollectionsMarshal.AsSpan(glyphs);
        var kept = 0;
        foreach (ref readonly var glyph in all)
        {
            if (glyph.Text.Length == 0)
            {
                continue;
            }

            if (glyph.IsHorizontal)
            {
                all[kept++] = new PdfGlyph(glyph.Text, Math.Min(glyph.X, glyph.EndX), glyph.Y, Math.Max(glyph.X, glyph.EndX), glyph.EndY, Math.Max(glyph.Size, 1));
                AddRotated(_rotated, _text, lines);
            }
            else
            {
                _rotated.Add(glyph);
            }
        }

        AddRotated(_rotated, _text, lines);
        CollectionsMarshal.SetCount(glyphs, kept);
        var placed = CollectionsMarshal.AsSpan(glyphs);

        // Content streams mostly show a line's text left to right in one go: runs of glyphs on one baseline, each in
        // order, are sorted instead of every glyph; a row whose runs interleave has its glyphs sorted.
        var runs = _runs;
        runs.Clear();
        for (var i = 0; i < placed.Length;)
        {
            ref readonly var first = ref placed[i];
            var (end, endX, size) = (i + 1, first.EndX, first.Size);
            while (end < placed.Length && placed[end].Y == first.Y && placed[end].X >= endX - (0.5 * placed[end].Size))
            {
                endX = Math.Max(endX, placed[end].EndX);
                size = Math.Max(size, placed[end].Size);
                end++;
            }

            runs.Add(new PdfGlyphRun(i, end, first.Y, first.X, endX, size));
            i = end;
        }

        // PDF y grows upwards: top to bottom, then left to right.
        runs.Sort((a, b) => a.Y != b.Y ? b.Y.CompareTo(a.Y) : a.X.CompareTo(b.X));
        var start = 0;
        for (var i = 1; i <= runs.Count; i++)
        {
            if (i < runs.Count && runs[start].Y - runs[i].Y <= SameLineInSizes * runs[start].Size)
            {
                continue;
            }

            AddRow(placed, start, i, lines);
            start = i;
        }

        return lines;
    }

    // One baseline's runs, left to right, as words joined by one space, cut into lines where the gap is a gutter's.
    private void AddRow(ReadOnlySpan<PdfGlyph> placed, int fromRun, int toRun, List<PdfTextLine> lines)
    {
        var runs = _runs;
        runs.Sort(fromRun, toRun - fromRun, RunsLeftToRight);
        var interleaved = false;
        for (var r = fromRun + 1; r < toRun && !interleaved; r++)
        {
            interleaved = runs[r].X < runs[r - 1].EndX - (0.5 * runs[r].Size);
        }

        _text.Clear();
        _space = false;
        if (!interleaved)
        {
            for (var r = fromRun; r < toRun; r++)
            {
                AddGlyphs(placed[runs[r].From..runs[r].To], lines);
            }
        }
        else
        {
            _row.Clear();
            for (var r = fromRun; r < toRun; r++)
            {
                _row.AddRange(placed[runs[r].From..runs[r].To]);
            }

            _row.Sort(LeftToRight);
            AddGlyphs(CollectionsMarshal.AsSpan(_row), lines);
        }

        EndLine(lines);
    }

    private void AddGlyphs(ReadOnlySpan<PdfGlyph> glyphs, List<PdfTextLine> lines)
    {
        var text = _text;
        foreach (ref readonly var glyph in glyphs)
        {
            var blank = glyph.Text.Length == 1 ? char.IsWhiteSpace(glyph.Text[0]) : string.IsNullOrWhiteSpace(glyph.Text);
            if (text.Length > 0 && !blank && glyph.X - _right > ColumnGapInSizes * Math.Max(_size, glyph.Size))
            {
                EndLine(lines);
            }

            if (blank)
            {
                _space = text.Length > 0;
                continue;
            }

            if (text.Length == 0)
            {
                (_left, _right, _baseline, _size) = (glyph.X, glyph.EndX, glyph.Y, glyph.Size);
            }
            else if (_space || glyph.X - _right > WordGapInSizes * glyph.Size)
            {
                text.Append(' ');
            }

            if (glyph.Text.Length == 1)
            {
                text.Append(glyph.Text[0]);
            }
            else
            {
                text.Append(glyph.Text);
            }

            _right = Math.Max(_right, glyph.EndX);
            _size = Math.Max(_size, glyph.Size);
            _space = false;
        }
    }

    private void EndLine(List<PdfTextLine> lines)
    {
        if (_text.Length > 0)
        {
            lines.Add(new PdfTextLine(_left, _right, _baseline, _size, _text.ToString()));
            _text.Clear();
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
