namespace G4F.Backend.Documents;

/// <summary>
/// Turns one uploaded document into markdown (PROTOCOL 6.1). The backend ships converters for PDF, DOCX, XLSX,
/// PPTX, HTML, CSV/TSV, ZIP and plain text; a host adds its own by registering more implementations
/// (the last registered one that accepts a file wins).
/// </summary>
public interface IDocumentConverter
{
    /// <summary>Whether this converter handles a file with <paramref name="extension"/> (lower case, with the dot) or <paramref name="contentType"/>.</summary>
    /// <param name="extension">The file name's extension, such as <c>.pdf</c>; empty when the name has none.</param>
    /// <param name="contentType">The media type the client sent, such as <c>application/pdf</c>, or null.</param>
    /// <returns>True when <see cref="ConvertAsync"/> should be called for the file.</returns>
    bool CanConvert(string extension, string? contentType);

    /// <summary>Writes the markdown of <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">The document; its stream is readable and seekable.</param>
    /// <param name="output">Where the markdown goes.</param>
    /// <param name="cancellationToken">Stops the conversion (time limit, shutdown).</param>
    /// <returns>A task that completes when the markdown is written.</returns>
    /// <exception cref="DocumentConversionException">The document cannot be converted; the message is shown to the client.</exception>
    Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken);
}
