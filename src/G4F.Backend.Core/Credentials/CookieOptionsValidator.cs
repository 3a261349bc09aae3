using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>Checks <see cref="CookieOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class CookieOptionsValidator : IValidateOptions<CookieOptions>;
