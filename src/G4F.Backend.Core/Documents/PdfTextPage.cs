namespace G4F.Backend.Documents;

/// <summary>A page as the glyphs its content stream shows, in content-stream order.</summary>
internal sealed class PdfTextPage(List<PdfGlyph> glyphs)
{
    public List<PdfGlyph> Glyphs { get; } = glyphs;
}
