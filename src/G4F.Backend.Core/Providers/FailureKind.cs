namespace G4F.Backend.Providers;

/// <summary>
/// What a failure means for the caller, whatever the protocol called it (<see cref="FailureClassification"/> decides it in
/// one place). A host maps each kind to its own answer; the HTTP package keeps one small table a dialect (g4f JSON,
/// speech, the OpenAI-compatible API).
/// </summary>
public enum FailureKind
{
    /// <summary>Any other failure: an upstream's error answer (<c>ResponseStatusError</c>, <c>CloudflareError</c>, ...) or the server's own.</summary>
    Failed,

    /// <summary>Missing or rejected credentials (<c>MissingAuthError</c>, an upstream 401).</summary>
    Unauthorized,

    /// <summary>The upstream's rate limit (<c>RateLimitError</c>, an upstream 429).</summary>
    RateLimited,

    /// <summary>The upstream's credit is used up (an upstream 402, which the protocol names <c>RateLimitError</c>).</summary>
    QuotaExhausted,

    /// <summary>A model the provider does not know (<c>ModelNotFoundError</c>).</summary>
    ModelNotFound,

    /// <summary>A provider that is not configured (<c>ProviderNotFoundError</c>).</summary>
    ProviderNotFound,

    /// <summary>
    /// The upstream could not be reached or did not answer in time (<c>ConnectionError</c>, <c>TimeoutError</c>, an upstream
    /// gateway's 504, which the protocol names <c>RateLimitError</c>): a bad gateway, never a rate limit.
    /// </summary>
    Unreachable,
}
