namespace G4F.Backend.Documents;

/// <summary>
/// Glyphs <c>[From, To)</c> of a page that follow each other left to right on one baseline <see cref="Y"/>, from
/// <see cref="X"/> to <see cref="EndX"/>: a line's layout sorts these runs instead of every glyph.
/// </summary>
internal readonly record struct PdfGlyphRun(int From, int To, double Y, double X, double EndX, double Size);
