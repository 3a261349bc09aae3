using G4F.Backend.Core.Tests.Configuration;
namespace G4F.Backend.Core.Tests.Credentials;

public sealed class CookieOptionsTests
{
    [Fact]
    public void The_default_limit_is_20_MiB_and_valid()
    {
        var options = new G4FBackendOptions();

        options.MaxCookieFileBytes.Should().Be(20 * 1024 * 1024);
        StartupValidation.Run(options).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(2L * 1024 * 1024 * 1024)]
    public void A_limit_that_is_not_positive_or_cannot_be_buffered_fails_naming_the_key(long maxBytes)
    {
        var result = StartupValidation.Run(new G4FBackendOptions { MaxCookieFileBytes = maxBytes });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("G4F:MaxCookieFileBytes");
    }
}
