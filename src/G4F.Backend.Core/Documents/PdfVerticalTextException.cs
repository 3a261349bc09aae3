namespace G4F.Backend.Documents;

/// <summary>
/// A page shows text in a vertical font, which <see cref="PdfTextInterpreter"/> leaves to PdfPig's own text showing
/// (its vertical metrics are internal to PdfPig): the page is read again through <see cref="PdfGlyphCollector"/>.
/// </summary>
internal sealed class PdfVerticalTextException : Exception
{
    public PdfVerticalTextException()
        : base("The page shows vertical text.")
    {
    }

    public PdfVerticalTextException(string message)
        : base(message)
    {
    }

    public PdfVerticalTextException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
