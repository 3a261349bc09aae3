namespace G4F.Backend.QuickAnswers;

/// <summary>Why a quick answer failed; the endpoint maps it to a status (PROTOCOL 4: 404, 401, 429, 500).</summary>
public enum QuickAnswerFailure
{
    /// <summary>Anything else: 500.</summary>
    Failed,

    /// <summary>An unknown model or provider: 404.</summary>
    NotFound,

    /// <summary>Missing or rejected credentials: 401.</summary>
    Auth,

    /// <summary>The upstream's rate limit: 429.</summary>
    RateLimit,
}
