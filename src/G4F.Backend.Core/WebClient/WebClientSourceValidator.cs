using Microsoft.Extensions.Options;

namespace G4F.Backend.WebClient;

/// <summary>Checks that <c>G4F:Gui:Path</c> is an existing folder and <c>G4F:Gui:BaseUrl</c> an http(s) URL, so a typo fails the host at start.</summary>
internal sealed class WebClientSourceValidator : IValidateOptions<WebClientOptions>
{
    public ValidateOptionsResult Validate(string? name, WebClientOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.Path) && !Directory.Exists(options.Path))
        {
            failures.Add("G4F:Gui:Path must name an existing folder (one holding the client's chat/ and dist/ folders).");
        }

        if (!string.IsNullOrEmpty(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query)))
        {
            failures.Add("G4F:Gui:BaseUrl must be an http or https URL without user information or query, or empty to turn fetching off.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
