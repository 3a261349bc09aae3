using G4F.Backend.Requests;

namespace G4F.Backend.Identity;

/// <summary>The client-facing refusals of the ownership rules (<see cref="AccessDecision"/>).</summary>
internal static class AccessRefusals
{
    public static readonly RequestRefusal AuthenticationRequired = new(RefusalKind.Unauthenticated, "Authentication required");
    public static readonly RequestRefusal AccessDenied = new(RefusalKind.Forbidden, "Access denied: this belongs to another user");

    /// <summary>The refusal for <paramref name="decision"/>, or null when it allows the request.</summary>
    public static RequestRefusal? Of(AccessDecision decision) => decision switch
    {
        AccessDecision.Allowed => null,
        AccessDecision.Unauthenticated => AuthenticationRequired,
        _ => AccessDenied,
    };
}
