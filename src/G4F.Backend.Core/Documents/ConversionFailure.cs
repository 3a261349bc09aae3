namespace G4F.Backend.Documents;

/// <summary>
/// Turns whatever a parsing library throws for a bad file into a <see cref="DocumentConversionException"/> whose
/// message names the format only (library messages can carry paths or internal details).
/// </summary>
internal static class ConversionFailure
{
    /// <summary>Whether <paramref name="exception"/> is a failure of the document rather than a stop request or an already clean error.</summary>
    public static bool IsDocumentFault(Exception exception) =>
        exception is not (OperationCanceledException or DocumentConversionException);

    /// <summary>The clean exception for a <paramref name="format"/> file the library could not read.</summary>
    public static DocumentConversionException Unreadable(string format, Exception inner) =>
        new($"The {format} file is corrupt or cannot be read.", inner);
}
