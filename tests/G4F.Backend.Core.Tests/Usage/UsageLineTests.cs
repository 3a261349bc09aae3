using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>The typed usage line: the fields a database counts come from the JSON by the statistics' own rule.</summary>
public sealed class UsageLineTests
{
    [Fact]
    public void The_fields_are_read_as_the_statistics_read_them()
    {
        var line = new UsageLine(Encoding.UTF8.GetBytes("""{"user":"ann","model":"m","provider":"","prompt_tokens":"12","completion_tokens":-1,"saved_tokens":2.9,"total_tokens":null}"""));

        (line.User, line.Model, line.Provider).Should().Be(("ann", "m", (string?)null));
        (line.PromptTokens, line.CompletionTokens, line.SavedTokens, line.TotalTokens).Should().Be((12L, (long?)null, 2L, (long?)null));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":\n1}")]
    public void Anything_but_one_object_on_one_line_is_refused(string json)
    {
        var usage = () => new UsageLine(Encoding.UTF8.GetBytes(json));
        var log = () => new ClientLogLine(Encoding.UTF8.GetBytes(json));

        usage.Should().Throw<ArgumentException>();
        log.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_line_nested_as_deep_as_a_posted_body_may_be_is_accepted()
    {
        var json = "{\"a\":" + new string('[', 127) + new string(']', 127) + ",\"user\":\"ann\"}";

        new UsageLine(Encoding.UTF8.GetBytes(json)).User.Should().Be("ann");
    }
}
