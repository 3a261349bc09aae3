namespace G4F.Backend.Documents;

/// <summary>
/// Finds the gutter between two columns of lines: the x interval in the middle of the lines' extent that the fewest
/// lines cross (the widest such interval on a tie), accepted when few lines cross it and both sides hold a fair
/// share of lines. A ragged single column never qualifies: its long lines cross every middle position, and its short
/// lines all lie on the left.
/// </summary>
internal static class PdfColumnGutter
{
    // Candidates lie away from the edges of the text: a margin note is not a column.
    private const double EdgeShare = 0.1;

    // At most this share of the lines may cross the gutter (titles, full-width captions).
    private const double MaxCrossingShare = 0.2;

    // Each side needs at least this share of the lines.
    private const double MinSideShare = 0.1;

    /// <summary>The gutter's x, or null when the lines form one column.</summary>
    public static double? Find(IReadOnlyList<PdfTextLine> lines)
    {
        if (lines.Count < 4)
        {
            return null;
        }

        var left = double.MaxValue;
        var right = double.MinValue;
        var edges = new List<(double X, int Change)>(lines.Count * 2);
        foreach (var line in lines)
        {
            left = Math.Min(left, line.Left);
            right = Math.Max(right, line.Right);
            edges.Add((line.Left, +1));
            edges.Add((line.Right, -1));
        }

        // Ends before starts at one x: lines that only touch do not cross.
        edges.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Change.CompareTo(b.Change));
        var margin = (right - left) * EdgeShare;
        var best = (Crossing: int.MaxValue, Width: 0.0, X: 0.0);
        var covering = 0;
        for (var i = 0; i < edges.Count - 1; i++)
        {
            covering += edges[i].Change;
            var (from, to) = (edges[i].X, edges[i + 1].X);
            var middle = (from + to) / 2;
            if (to <= from || middle < left + margin || middle > right - margin)
            {
                continue;
            }

            if (covering < best.Crossing || (covering == best.Crossing && to - from > best.Width))
            {
                best = (covering, to - from, middle);
            }
        }

        if (best.Crossing > MaxCrossingShare * lines.Count)
        {
            return null;
        }

        var minSide = Math.Max(2, MinSideShare * lines.Count);
        var leftSide = 0;
        var rightSide = 0;
        foreach (var line in lines)
        {
            leftSide += line.Right <= best.X ? 1 : 0;
            rightSide += line.Left >= best.X ? 1 : 0;
        }

        return leftSide >= minSide && rightSide >= minSide ? best.X : null;
    }
}
