namespace G4F.Backend.Documents;

/// <summary>
/// One shown character in page space: where its baseline starts and ends and its font size in points, all the
/// layout needs (no glyph outline, colour or font object, as PdfPig's <c>Letter</c> carries).
/// </summary>
internal readonly record struct PdfGlyph(string Text, double X, double Y, double EndX, double EndY, double Size)
{
    /// <summary>Whether the glyph advances along the x axis (ordinary horizontal text, either direction).</summary>
    public bool IsHorizontal => Math.Abs(EndY - Y) <= Math.Abs(EndX - X);
}
