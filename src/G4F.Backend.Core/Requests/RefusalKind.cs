namespace G4F.Backend.Requests;

/// <summary>Why a feature service refused a request; a host maps it to its own answer (the HTTP package to a status code).</summary>
public enum RefusalKind
{
    /// <summary>The request itself is invalid (a bad id, name or value): HTTP 400.</summary>
    InvalidRequest,

    /// <summary>The data belongs to a user and the caller is anonymous: HTTP 401.</summary>
    Unauthenticated,

    /// <summary>The data belongs to another user: HTTP 403.</summary>
    Forbidden,

    /// <summary>What the request names does not exist: HTTP 404.</summary>
    NotFound,

    /// <summary>The request is over a configured limit: HTTP 413.</summary>
    TooLarge,

    /// <summary>What the request names cannot do what was asked (a provider without speech): HTTP 500, as in the original.</summary>
    Unsupported,

    /// <summary>The server failed (its storage); the reason is in the log, never in the message: HTTP 500.</summary>
    Failed,
}
