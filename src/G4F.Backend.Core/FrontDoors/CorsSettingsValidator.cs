using Microsoft.Extensions.Options;

namespace G4F.Backend.FrontDoors;

/// <summary>Checks <c>G4F:Cors</c>: origins are origins, and credentials go only to origins named one by one.</summary>
internal sealed class CorsSettingsValidator : IValidateOptions<CorsSettings>
{
    public ValidateOptionsResult Validate(string? name, CorsSettings options)
    {
        var failures = new List<string>();

        // Credentials tell the browser to send the user's cookies and logins: only for origins named one by one.
        if (options.AllowCredentials && (options.AllowedOrigins.Any(o => o?.Trim() == "*") || options.AllowLoopbackOrigins))
        {
            failures.Add("G4F:Cors:AllowCredentials cannot be combined with the origin '*' or G4F:Cors:AllowLoopbackOrigins: name the origins that may send credentials.");
        }

        foreach (var origin in options.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o) && o.Trim() is not ("*" or "null")))
        {
            if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                failures.Add($"G4F:Cors:AllowedOrigins holds '{origin}', which is not an origin (scheme://host[:port], no path), '*' or 'null'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
