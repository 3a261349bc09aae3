namespace G4F.Backend.Credentials;

/// <summary>
/// An uploaded cookie file that cannot be read or is over a limit of <see cref="CookieOptions"/>; the message is safe to
/// show (it never quotes the file's names or values).
/// </summary>
internal sealed class CookieFileException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>Whether the file was refused for its size (413) rather than its shape (400).</summary>
    public bool TooLarge { get; init; }
}
