using Microsoft.Extensions.Options;

namespace G4F.Backend.Versioning;

/// <summary>Checks <see cref="VersionCheckOptions"/> at start (generated from its data annotations and its own rule).</summary>
[OptionsValidator]
internal sealed partial class VersionCheckOptionsValidator : IValidateOptions<VersionCheckOptions>;
