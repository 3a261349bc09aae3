using G4F.Backend.Buckets;
using G4F.Backend.Core.Tests.Configuration;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>Bucket limits are checked at start, and the failure names the configuration key.</summary>
public sealed class BucketOptionsValidationTests
{
    [Fact]
    public void Invalid_bucket_limits_name_their_keys()
    {
        var options = new G4FBackendOptions
        {
            Buckets = new BucketOptions { MaxFileBytes = 0, MaxFilesPerRequest = -1, ConversionTimeout = TimeSpan.Zero, MaxDownloadDepth = -1, MaxConvertedBytes = 0 },
        };

        var result = StartupValidation.Run(options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().Contain("G4F:Buckets:MaxFileBytes must be positive.")
            .And.Contain("G4F:Buckets:MaxFilesPerRequest must be positive.")
            .And.Contain("G4F:Buckets:MaxDownloadDepth must not be negative.")
            .And.Contain("G4F:Buckets:MaxConvertedBytes must be positive.")
            .And.Contain(f => f.StartsWith("G4F:Buckets:ConversionTimeout must be", StringComparison.Ordinal));
        StartupValidation.Run(new G4FBackendOptions()).Succeeded.Should().BeTrue();
    }
}
