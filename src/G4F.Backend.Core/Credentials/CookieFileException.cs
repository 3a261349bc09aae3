namespace G4F.Backend.Credentials;

/// <summary>An uploaded cookie file that cannot be read; the message is safe to show (it never quotes the file).</summary>
internal sealed class CookieFileException(string message, Exception? innerException = null) : Exception(message, innerException);
