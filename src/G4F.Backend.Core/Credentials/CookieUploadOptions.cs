using G4F.Backend.Configuration;
namespace G4F.Backend.Credentials;

/// <summary>The cookie-file upload limit, <c>G4F:MaxCookieFileBytes</c>, beside the store's own <see cref="CookieOptions"/>.</summary>
internal sealed class CookieUploadOptions
{
    [Bounds(1, 1073741824, ErrorMessage = "G4F:MaxCookieFileBytes must be between 1 and 1073741824.")]
    public long MaxCookieFileBytes { get; init; } = 20 * 1024 * 1024;
}
