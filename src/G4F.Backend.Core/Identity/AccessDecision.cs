namespace G4F.Backend.Identity;

/// <summary>What the ownership rules say about one request (<see cref="AccessRefusals"/> turns it into the refusal a host maps to 401 or 403).</summary>
internal enum AccessDecision
{
    /// <summary>The caller may go on.</summary>
    Allowed,

    /// <summary>The data belongs to a user and the caller is anonymous.</summary>
    Unauthenticated,

    /// <summary>The data belongs to another user.</summary>
    Forbidden,
}
