using G4F.Backend.Identity;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Identity;

/// <summary>The provider <c>UseCallerIdentity</c> registers: the host's user id delegate and, if given, its administrator rule.</summary>
internal sealed class DelegateCallerIdentityProvider(Func<HttpContext, string?> userId, AdministratorRule? administrators = null) : ICallerIdentityProvider
{
    public ValueTask<CallerIdentity> IdentifyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var id = userId(context);
        // The administrator rule is asked only about a known user: an anonymous caller is never one.
        var identity = string.IsNullOrWhiteSpace(id)
            ? CallerIdentity.Anonymous
            : new CallerIdentity(id, administrators?.IsAdministrator(context) ?? false);
        return ValueTask.FromResult(identity);
    }
}
