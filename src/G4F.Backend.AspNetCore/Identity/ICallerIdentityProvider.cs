using G4F.Backend.Identity;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Identity;

/// <summary>
/// Says who made a request, for the routes whose data belongs to a user (memory, usage, bucket and share owners).
/// <c>UseCallerIdentity</c> registers one built from a delegate; a host may register its own instead (before that
/// step, or without it). When none is registered every route is open, as in the original. A host's own provider
/// names administrators in the <see cref="CallerIdentity"/> it returns: combined with <c>UseAdministrators</c>, whose
/// rule it would never ask, <c>MapG4FBackend</c> throws.
/// </summary>
public interface ICallerIdentityProvider
{
    /// <summary>Identifies the caller of <paramref name="context"/>.</summary>
    /// <param name="context">The request, after the host's authentication ran.</param>
    /// <param name="cancellationToken">Cancels the lookup (the request's <c>RequestAborted</c>).</param>
    /// <returns>The caller; <see cref="CallerIdentity.Anonymous"/> when the request carries no user.</returns>
    ValueTask<CallerIdentity> IdentifyAsync(HttpContext context, CancellationToken cancellationToken);
}
