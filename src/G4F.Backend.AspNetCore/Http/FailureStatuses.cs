using G4F.Backend.Providers;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// The statuses of the g4f routes' JSON errors for each <see cref="FailureKind"/> (Core decides the kind, in
/// <see cref="FailureClassification"/>); the OpenAI-compatible API keeps its own table in <c>OpenAIFailure</c>, since it
/// also names a type and a code. On every route an upstream that could not be reached or timed out (a 504 included,
/// which g4f names <c>RateLimitError</c>) is a bad gateway, never a rate limit.
/// </summary>
internal static class FailureStatuses
{
    /// <summary><c>/create</c> (PROTOCOL 4): 404 unknown model or provider, 401, 429, 502 unreachable, else 500 as in the original.</summary>
    public static int Of(FailureKind kind) => kind switch
    {
        FailureKind.ModelNotFound or FailureKind.ProviderNotFound => StatusCodes.Status404NotFound,
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        FailureKind.RateLimited or FailureKind.QuotaExhausted => StatusCodes.Status429TooManyRequests,
        FailureKind.Unreachable => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// <c>/synthesize</c> (PROTOCOL 11): 401, 429, else 502. Speech relays one upstream's audio, so any other failure of it
    /// (an upstream 400 or 500, an unknown speech model) is a bad gateway.
    /// </summary>
    public static int OfSpeech(FailureKind kind) => kind switch
    {
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        FailureKind.RateLimited or FailureKind.QuotaExhausted => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status502BadGateway,
    };

    /// <summary><c>/models/{provider}</c> (PROTOCOL 2): 401 for a missing or rejected key (the client asks for one), else 500.</summary>
    public static int OfCatalog(FailureKind kind) =>
        kind == FailureKind.Unauthorized ? StatusCodes.Status401Unauthorized : StatusCodes.Status500InternalServerError;
}
