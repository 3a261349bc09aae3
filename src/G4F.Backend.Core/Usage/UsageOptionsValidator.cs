using Microsoft.Extensions.Options;

namespace G4F.Backend.Usage;

/// <summary>Checks <see cref="UsageOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class UsageOptionsValidator : IValidateOptions<UsageOptions>;
