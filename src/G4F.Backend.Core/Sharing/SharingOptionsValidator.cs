using Microsoft.Extensions.Options;

namespace G4F.Backend.Sharing;

/// <summary>Checks <see cref="SharingOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class SharingOptionsValidator : IValidateOptions<SharingOptions>;
