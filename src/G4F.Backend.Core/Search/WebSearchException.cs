namespace G4F.Backend.Search;

/// <summary>
/// A web search that failed. The message is shown to the client (in a <c>log</c> line, or an <c>error</c> event for a
/// search tool call), so it must never carry a key, a query string or a server path.
/// </summary>
public sealed class WebSearchException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public WebSearchException()
        : base("The web search failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The client-safe reason.</param>
    public WebSearchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The client-safe reason.</param>
    /// <param name="innerException">The cause, for the server's log only.</param>
    public WebSearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
