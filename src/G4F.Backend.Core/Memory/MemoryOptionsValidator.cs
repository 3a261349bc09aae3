using Microsoft.Extensions.Options;

namespace G4F.Backend.Memory;

/// <summary>Checks <see cref="MemoryOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class MemoryOptionsValidator : IValidateOptions<MemoryOptions>;
