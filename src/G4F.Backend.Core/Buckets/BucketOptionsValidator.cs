using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>Checks <see cref="BucketOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class BucketOptionsValidator : IValidateOptions<BucketOptions>;
