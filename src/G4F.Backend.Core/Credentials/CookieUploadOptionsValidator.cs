using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>Checks <see cref="CookieUploadOptions"/> at start (generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class CookieUploadOptionsValidator : IValidateOptions<CookieUploadOptions>;
