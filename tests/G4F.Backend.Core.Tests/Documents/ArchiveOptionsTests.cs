using G4F.Backend.Buckets;
using G4F.Backend.Core.Tests.Configuration;

namespace G4F.Backend.Core.Tests.Documents;

public sealed class ArchiveOptionsTests
{
    [Fact]
    public void The_default_archive_limits_are_valid()
    {
        var options = new G4FBackendOptions();

        options.Buckets.MaxArchiveEntries.Should().Be(1000);
        options.Buckets.MaxArchiveBytes.Should().Be(256L * 1024 * 1024);
        StartupValidation.Run(options).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(0, 1L, "G4F:Buckets:MaxArchiveEntries")]
    [InlineData(-5, 1L, "G4F:Buckets:MaxArchiveEntries")]
    [InlineData(1, 0L, "G4F:Buckets:MaxArchiveBytes")]
    [InlineData(1, -1L, "G4F:Buckets:MaxArchiveBytes")]
    public void Archive_limits_that_are_not_positive_fail_naming_the_key(int entries, long bytes, string key)
    {
        var options = new G4FBackendOptions { Buckets = new BucketOptions { MaxArchiveEntries = entries, MaxArchiveBytes = bytes } };

        var result = StartupValidation.Run(options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(key);
    }
}
