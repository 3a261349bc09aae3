using UglyToad.PdfPig.Content;

namespace G4F.Backend.Documents;

/// <summary>
/// Reading order of a page's words in one pass of sorting: words on one baseline become lines, split where a gap is
/// wider than a column gutter can be narrow; a vertical gutter found in the x-projection of the lines splits the
/// page into columns, read left before right (lines that cross the gutter, such as a title or a full-width caption,
/// are read in place and start a new band of columns); each column is read top to bottom, recursively, so three
/// columns work too. Lines close enough under each other form a paragraph. Linear-logarithmic in the words, where
/// PdfPig's Docstrum and reading-order detector (the former approach) were quadratic and some 30 times slower.
/// </summary>
internal static class PdfPageLayout
{
    // A gap inside a line wider than this many font sizes separates two columns' lines.
    private const double ColumnGapInSizes = 1.5;

    // Baselines closer than this many font sizes are one line.
    private const double SameLineInSizes = 0.4;

    // A baseline further below the previous one than this many font sizes starts a new paragraph.
    private const double ParagraphGapInSizes = 1.7;

    private const int MaxColumnDepth = 4;

    /// <summary>The page's paragraphs in reading order, each as its lines.</summary>
    public static List<List<PdfTextLine>> Paragraphs(IReadOnlyList<Word> words)
    {
        var ordered = new List<PdfTextLine>();
        Order(Lines(words), 0, ordered);
        var paragraphs = new List<List<PdfTextLine>>();
        PdfTextLine? previous = null;
        foreach (var line in ordered)
        {
            if (previous is null || !Continues(previous, line))
            {
                paragraphs.Add([]);
            }

            paragraphs[^1].Add(line);
            previous = line;
        }

        return paragraphs;
    }

    private static bool Continues(PdfTextLine previous, PdfTextLine line)
    {
        var drop = previous.Baseline - line.Baseline;
        return drop > 0 && drop <= ParagraphGapInSizes * Math.Min(previous.Size, line.Size) && previous.OverlapsHorizontally(line);
    }

    private static List<PdfTextLine> Lines(IReadOnlyList<Word> words)
    {
        var placed = new List<(Word Word, double Baseline, double Size)>(words.Count);
        foreach (var word in words)
        {
            if (string.IsNullOrWhiteSpace(word.Text) || word.Letters.Count == 0)
            {
                continue;
            }

            var first = word.Letters[0];
            var size = first.PointSize > 0.5 ? first.PointSize : Math.Max(word.BoundingBox.Height, 1);
            placed.Add((word, first.StartBaseLine.Y, size));
        }

        // Top to bottom (PDF y grows upwards), then left to right.
        placed.Sort((a, b) => a.Baseline != b.Baseline ? b.Baseline.CompareTo(a.Baseline) : a.Word.BoundingBox.Left.CompareTo(b.Word.BoundingBox.Left));
        var lines = new List<PdfTextLine>();
        var start = 0;
        for (var i = 1; i <= placed.Count; i++)
        {
            if (i == placed.Count || placed[start].Baseline - placed[i].Baseline > SameLineInSizes * placed[start].Size)
            {
                Split(placed.GetRange(start, i - start), lines);
                start = i;
            }
        }

        return lines;
    }

    // One baseline's words, left to right, cut where the gap is a gutter's.
    private static void Split(List<(Word Word, double Baseline, double Size)> row, List<PdfTextLine> lines)
    {
        row.Sort((a, b) => a.Word.BoundingBox.Left.CompareTo(b.Word.BoundingBox.Left));
        var start = 0;
        for (var i = 1; i <= row.Count; i++)
        {
            if (i < row.Count && row[i].Word.BoundingBox.Left - row[i - 1].Word.BoundingBox.Right <= ColumnGapInSizes * Math.Max(row[i].Size, row[i - 1].Size))
            {
                continue;
            }

            var part = row.GetRange(start, i - start);
            lines.Add(new PdfTextLine(
                part[0].Word.BoundingBox.Left,
                part.Max(w => w.Word.BoundingBox.Right),
                part[0].Baseline,
                part.Max(w => w.Size),
                string.Join(' ', part.Select(w => w.Word.Text))));
            start = i;
        }
    }

    private static void Order(List<PdfTextLine> lines, int depth, List<PdfTextLine> ordered)
    {
        var gutter = depth < MaxColumnDepth ? PdfColumnGutter.Find(lines) : null;
        if (gutter is not { } x)
        {
            ordered.AddRange(lines.OrderByDescending(line => line.Baseline).ThenBy(line => line.Left));
            return;
        }

        // Top to bottom; a line across the gutter ends the band of columns above it.
        var band = new List<PdfTextLine>();
        foreach (var line in lines.OrderByDescending(line => line.Baseline).ThenBy(line => line.Left))
        {
            if (line.Left < x && line.Right > x)
            {
                OrderBand(band, x, depth, ordered);
                ordered.Add(line);
            }
            else
            {
                band.Add(line);
            }
        }

        OrderBand(band, x, depth, ordered);
    }

    private static void OrderBand(List<PdfTextLine> band, double gutter, int depth, List<PdfTextLine> ordered)
    {
        Order([.. band.Where(line => line.Right <= gutter)], depth + 1, ordered);
        Order([.. band.Where(line => line.Left >= gutter)], depth + 1, ordered);
        band.Clear();
    }
}
