using G4F.Backend.Core.Tests.Configuration;
using G4F.Backend.Sharing;

namespace G4F.Backend.Core.Tests.Sharing;

public sealed class SharingOptionsTests
{
    [Fact]
    public void The_default_limit_is_10_MiB_and_valid()
    {
        var options = new G4FBackendOptions();

        options.Sharing.MaxChatBytes.Should().Be(10 * 1024 * 1024);
        StartupValidation.Run(options).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void A_limit_that_is_not_positive_or_cannot_be_buffered_fails_naming_the_key(long maxChatBytes)
    {
        var options = new G4FBackendOptions { Sharing = new SharingOptions { MaxChatBytes = maxChatBytes } };

        var result = StartupValidation.Run(options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("G4F:Sharing:MaxChatBytes");
    }

    [Fact]
    public void Missing_sharing_options_fail_instead_of_crashing_later()
    {
        var options = new G4FBackendOptions { Sharing = null! };

        StartupValidation.Run(options).FailureMessage.Should().Contain("G4F:Sharing must not be null.");
    }
}
