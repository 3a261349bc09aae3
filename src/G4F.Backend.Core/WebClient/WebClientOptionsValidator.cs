using Microsoft.Extensions.Options;

namespace G4F.Backend.WebClient;

/// <summary>Checks <see cref="WebClientOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class WebClientOptionsValidator : IValidateOptions<WebClientOptions>;
