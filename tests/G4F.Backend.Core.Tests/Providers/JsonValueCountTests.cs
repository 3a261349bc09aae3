using System.Text;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The value count that guards a parse (tokens, the ends of objects and arrays included): exact at the limit, and silent on text that is not JSON (the parse reports it).</summary>
public sealed class JsonValueCountTests
{
    [Theory]
    [InlineData("""{"a":[1,2]}""", 7, true)]
    [InlineData("""{"a":[1,2]}""", 6, false)]
    [InlineData("""[0,0,0]""", 5, true)]
    [InlineData("""[0,0,0,0]""", 5, false)]
    [InlineData("""{"a": not json""", 2, true)]
    [InlineData("", 0, true)]
    public void Values_are_counted_as_tokens(string json, int max, bool within)
    {
        JsonValueCount.IsWithin(json, max).Should().Be(within);
        JsonValueCount.IsWithin(Encoding.UTF8.GetBytes(json), max).Should().Be(within);
    }

    [Fact]
    public void Eight_million_values_in_a_string_are_refused_without_a_tree()
    {
        var json = "[" + string.Join(',', Enumerable.Repeat('0', 8_000_000)) + "]";

        JsonValueCount.IsWithin(json, JsonValueCount.MaxToolArguments).Should().BeFalse();
    }
}
