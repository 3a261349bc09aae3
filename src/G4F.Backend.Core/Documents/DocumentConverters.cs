namespace G4F.Backend.Documents;

/// <summary>
/// Picks the converter for a file: the last registered <see cref="IDocumentConverter"/> that accepts it, so a
/// host's own converter, registered after <c>AddG4FBackend</c>, takes precedence over the built-in one.
/// </summary>
internal sealed class DocumentConverters(IEnumerable<IDocumentConverter> converters)
{
    private readonly IDocumentConverter[] _converters = [.. converters];

    /// <summary>
    /// The converter for <paramref name="fileName"/>, null when no converter accepts it. The caller caps its output
    /// with one <see cref="OutputBudgetWriter"/>.
    /// </summary>
    public IDocumentConverter? Find(string fileName, string? contentType)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var type = MediaTypeOnly(contentType);
        for (var i = _converters.Length - 1; i >= 0; i--)
        {
            if (_converters[i].CanConvert(extension, type))
            {
                return _converters[i];
            }
        }

        return null;
    }

    // "text/html; charset=utf-8" -> "text/html": converters match on the media type alone.
    private static string? MediaTypeOnly(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
