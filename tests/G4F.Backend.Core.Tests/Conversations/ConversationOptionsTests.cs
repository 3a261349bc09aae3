using G4F.Backend.Core.Tests.Configuration;

namespace G4F.Backend.Core.Tests.Conversations;

public sealed class ConversationOptionsTests
{
    [Fact]
    public void The_default_json_value_budget_is_200000_and_valid()
    {
        var options = new G4FBackendOptions();

        options.MaxRequestJsonValues.Should().Be(200_000);
        StartupValidation.Run(options).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_json_value_budget_that_is_not_positive_fails_naming_the_key(int maxValues)
    {
        var result = StartupValidation.Run(new G4FBackendOptions { MaxRequestJsonValues = maxValues });

        result.Failures.Should().Equal("G4F:MaxRequestJsonValues must be between 1 and 2147483647.");
    }
}
