namespace G4F.Backend.Identity;

/// <summary>
/// The rules for data keyed by a user id (memory, usage). A null caller means the host configured no identity
/// step: everything is open, as in the original (the official client's anonymous mode).
/// </summary>
internal static class UserDataAccess
{
    /// <summary>Whether <paramref name="caller"/> may read or change the data of <paramref name="userId"/>: only its own.</summary>
    public static AccessDecision ForUser(CallerIdentity? caller, string userId) =>
        caller is null ? AccessDecision.Allowed
        : caller.IsAnonymous ? AccessDecision.Unauthenticated
        : caller.Is(userId) ? AccessDecision.Allowed
        : AccessDecision.Forbidden;

    /// <summary>Whether <paramref name="caller"/> may use a route whose data is the caller's own (usage): any known caller.</summary>
    public static AccessDecision ForOwnData(CallerIdentity? caller) =>
        caller is { IsAnonymous: true } ? AccessDecision.Unauthenticated : AccessDecision.Allowed;
}
