using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Identity;

/// <summary>The endpoints' side of caller identity: who is calling, and the JSON refusals of the ownership rules.</summary>
internal static class Callers
{
    public const string AuthenticationRequired = "Authentication required";
    public const string AccessDenied = "Access denied: this belongs to another user";

    /// <summary>The caller of <paramref name="context"/>, or null when the host configured no identity step (every route open).</summary>
    public static async ValueTask<CallerIdentity?> IdentifyAsync(HttpContext context)
    {
        var provider = context.RequestServices.GetService<ICallerIdentityProvider>();
        return provider is null ? null : await provider.IdentifyAsync(context, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The caller of a request for the caller's own data (usage lines, statistics), with the refusal of an anonymous
    /// caller when the host identifies callers; the refusal is null when the request may go on.
    /// </summary>
    public static async ValueTask<(CallerIdentity? Caller, IResult? Refusal)> IdentifyForOwnDataAsync(HttpContext context)
    {
        var caller = await IdentifyAsync(context).ConfigureAwait(false);
        return (caller, Refusal(UserDataAccess.ForOwnData(caller)));
    }

    /// <summary>The refusal for <paramref name="decision"/>, or null when it allows the request.</summary>
    public static IResult? Refusal(AccessDecision decision) => decision switch
    {
        AccessDecision.Allowed => null,
        AccessDecision.Unauthenticated => ErrorResults.Error(StatusCodes.Status401Unauthorized, AuthenticationRequired),
        _ => ErrorResults.Error(StatusCodes.Status403Forbidden, AccessDenied),
    };
}
