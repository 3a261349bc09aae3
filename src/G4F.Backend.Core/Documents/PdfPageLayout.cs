namespace G4F.Backend.Documents;

/// <summary>
/// Reading order of a page's glyphs: <see cref="PdfTextLines"/> makes them lines (one column's part of a baseline
/// each); a vertical gutter found in the x-projection of the lines splits the
/// page into columns, read left before right (lines that cross the gutter, such as a title or a full-width caption,
/// are read in place and start a new band of columns); each column is read top to bottom, recursively, so three
/// columns work too. Lines close enough under each other form a paragraph. Linear-logarithmic in the glyphs, where
/// PdfPig's Docstrum and reading-order detector (the former approach) were quadratic and some 30 times slower.
/// One instance reads a file's pages one after another.
/// </summary>
internal sealed class PdfPageLayout
{
    // A baseline further below the previous one than this many font sizes starts a new paragraph.
    private const double ParagraphGapInSizes = 1.7;

    private const int MaxColumnDepth = 4;

    private readonly PdfTextLines _lines = new();

    /// <summary>The page's paragraphs in reading order, each as its lines; <paramref name="glyphs"/> is reordered.</summary>
    public List<List<PdfTextLine>> Paragraphs(List<PdfGlyph> glyphs)
    {
        var ordered = new List<PdfTextLine>();
        Order(_lines.Build(glyphs), 0, ordered);
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
