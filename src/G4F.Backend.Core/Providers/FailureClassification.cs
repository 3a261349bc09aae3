using G4F.Backend.Events;

namespace G4F.Backend.Providers;

/// <summary>
/// The one place a failure's protocol name and upstream status become a <see cref="FailureKind"/>. The protocol's names
/// stay as g4f writes them (an upstream 402 and 504 are both a <c>RateLimitError</c> on the event stream); the kind is what
/// they mean: a 504 is an unreachable upstream, a 402 exhausted credit. The router's precedence, the quick answers and
/// every HTTP dialect read the kind, so the same upstream failure never answers two statuses on two routes.
/// </summary>
public static class FailureClassification
{
    /// <summary>The kind of a provider's failure.</summary>
    /// <param name="failure">The failure.</param>
    /// <returns>Its kind.</returns>
    public static FailureKind Of(ProviderException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.IsAuthError ? FailureKind.Unauthorized : Of(failure.ErrorName, failure.StatusCode);
    }

    /// <summary>
    /// The kind of the failure an <c>error</c> or <c>auth</c> event stands for; for an error that stands for several
    /// providers' failures, the deciding one's (<see cref="ErrorEvent.Cause"/>). Null for any other event.
    /// </summary>
    /// <param name="responseEvent">An event of a turn.</param>
    /// <returns>The kind, or null when the event is no failure.</returns>
    public static FailureKind? Of(ResponseEvent responseEvent) => responseEvent switch
    {
        AuthEvent => FailureKind.Unauthorized,
        ErrorEvent error => Of(error.Cause ?? error.Error, error.UpstreamStatusCode),
        _ => null,
    };

    /// <summary>The kind a protocol error name with the upstream's status (when there was one) stands for.</summary>
    internal static FailureKind Of(string errorName, int? upstreamStatus) => (errorName, upstreamStatus) switch
    {
        ("MissingAuthError", _) => FailureKind.Unauthorized,

        // Before the rate limit: g4f names a gateway's timeout a RateLimitError, but it says nothing about the caller.
        ("ConnectionError" or "TimeoutError", _) or (_, 504) => FailureKind.Unreachable,
        ("RateLimitError", 402) => FailureKind.QuotaExhausted,
        ("RateLimitError", _) or (_, 429) => FailureKind.RateLimited,
        ("ModelNotFoundError", _) => FailureKind.ModelNotFound,
        ("ProviderNotFoundError", _) => FailureKind.ProviderNotFound,
        _ => FailureKind.Failed,
    };
}
