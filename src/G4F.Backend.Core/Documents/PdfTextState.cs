namespace G4F.Backend.Documents;

/// <summary>
/// The part of the graphics state text placement depends on (saved by <c>q</c>, restored by <c>Q</c>): the current
/// transformation matrix and the text state parameters. <see cref="Scaling"/> is <c>Tz</c> as a fraction.
/// </summary>
internal record struct PdfTextState(
    PdfMatrix Ctm,
    PdfFontCodes? Font,
    double FontSize,
    double CharacterSpacing,
    double WordSpacing,
    double Scaling,
    double Leading,
    double Rise)
{
    public static PdfTextState Initial(in PdfMatrix ctm) => new(ctm, null, 0, 0, 0, 1, 0, 0);
}
