namespace G4F.Backend.Documents;

/// <summary>
/// A run of words on one baseline with no wide gap inside: a line of one column. <paramref name="Size"/> is the
/// font size in points, the yardstick for gaps.
/// </summary>
internal sealed record PdfTextLine(double Left, double Right, double Baseline, double Size, string Text)
{
    /// <summary>Whether the two lines share some horizontal extent (one is above the other).</summary>
    public bool OverlapsHorizontally(PdfTextLine other) => Left < other.Right && other.Left < Right;
}
