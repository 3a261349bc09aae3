namespace G4F.Backend.Providers;

/// <summary>
/// A provider failure with the protocol's error name (PROTOCOL 3.7), e.g. <c>RateLimitError</c>
/// or <c>MissingAuthError</c>. Its message never contains credentials.
/// </summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorName">The protocol's error name.</param>
    /// <param name="message">The text after <c>"&lt;Name&gt;: "</c>.</param>
    /// <param name="isAuthError">Whether credentials are missing or were rejected (an <c>auth</c> event).</param>
    /// <param name="statusCode">The upstream HTTP status, when there was one.</param>
    /// <param name="innerException">The cause.</param>
    public ProviderException(string errorName, string message, bool isAuthError = false, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorName);
        ErrorName = errorName;
        IsAuthError = isAuthError;
        StatusCode = statusCode;
    }

    /// <summary>The protocol's error name.</summary>
    public string ErrorName { get; }

    /// <summary>Whether credentials are missing or were rejected.</summary>
    public bool IsAuthError { get; }

    /// <summary>The upstream HTTP status, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// For a failure that stands for several providers' failures (<c>RetryProviderError</c>), the one of them that says
    /// most about why (<see cref="Routing.FailurePrecedence"/>); null otherwise.
    /// </summary>
    internal ProviderException? DecidedBy { get; init; }

    /// <summary>The message as the protocol writes it: <c>"&lt;Name&gt;: &lt;text&gt;"</c>.</summary>
    public string ProtocolMessage => $"{ErrorName}: {Message}";
}
