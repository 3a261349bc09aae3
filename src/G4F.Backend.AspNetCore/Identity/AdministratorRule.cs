using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Identity;

/// <summary>The host's answer to "is this caller an administrator" (<c>UseAdministrators</c>).</summary>
internal sealed class AdministratorRule(Func<HttpContext, bool> isAdministrator)
{
    public bool IsAdministrator(HttpContext context) => isAdministrator(context);
}
