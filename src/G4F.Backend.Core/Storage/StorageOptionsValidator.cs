using Microsoft.Extensions.Options;

namespace G4F.Backend.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start (generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
