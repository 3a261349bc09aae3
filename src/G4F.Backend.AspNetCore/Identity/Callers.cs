using G4F.Backend.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Identity;

/// <summary>The endpoints' side of caller identity: who is calling (the Core services apply the ownership rules).</summary>
internal static class Callers
{
    /// <summary>The caller of <paramref name="context"/>, or null when the host configured no identity step (every route open).</summary>
    public static async ValueTask<CallerIdentity?> IdentifyAsync(HttpContext context)
    {
        var provider = context.RequestServices.GetService<ICallerIdentityProvider>();
        return provider is null ? null : await provider.IdentifyAsync(context, context.RequestAborted).ConfigureAwait(false);
    }
}
