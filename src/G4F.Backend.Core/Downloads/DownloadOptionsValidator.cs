using Microsoft.Extensions.Options;

namespace G4F.Backend.Downloads;

/// <summary>Checks <see cref="DownloadOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class DownloadOptionsValidator : IValidateOptions<DownloadOptions>;
