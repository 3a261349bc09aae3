namespace G4F.Backend.Documents;

/// <summary>
/// A document that cannot be converted (corrupt, encrypted, too large when unpacked). Its message is safe to show
/// to the client: it names the problem, never a server path.
/// </summary>
public sealed class DocumentConversionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentConversionException()
    {
    }

    /// <summary>Creates the exception with a message for the client.</summary>
    /// <param name="message">What is wrong with the document.</param>
    public DocumentConversionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the client and the library's own exception.</summary>
    /// <param name="message">What is wrong with the document.</param>
    /// <param name="innerException">The cause.</param>
    public DocumentConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
