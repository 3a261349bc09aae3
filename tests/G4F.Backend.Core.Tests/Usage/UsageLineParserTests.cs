using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

public sealed class UsageLineParserTests
{
    [Theory]
    [InlineData("12", 12)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("\"12\"", 12)]
    [InlineData("\" 12 \"", 12)]
    [InlineData("\"+12\"", 12)]
    [InlineData("12.9", 12)]
    [InlineData("\"12.9\"", 12)]
    [InlineData("1e3", 1000)]
    [InlineData("\"1e3\"", 1000)]
    [InlineData("\"\\u0031\\u0032\"", 12)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("9223372036854775808", UsageLineParser.Absent)]
    [InlineData("1e400", UsageLineParser.Absent)]
    [InlineData("-1", UsageLineParser.Absent)]
    [InlineData("-0.5", UsageLineParser.Absent)]
    [InlineData("\"-1\"", UsageLineParser.Absent)]
    [InlineData("\"NaN\"", UsageLineParser.Absent)]
    [InlineData("\"Infinity\"", UsageLineParser.Absent)]
    [InlineData("\"\"", UsageLineParser.Absent)]
    [InlineData("\"1_000\"", UsageLineParser.Absent)]
    [InlineData("true", UsageLineParser.Absent)]
    [InlineData("null", UsageLineParser.Absent)]
    [InlineData("{}", UsageLineParser.Absent)]
    [InlineData("[12]", UsageLineParser.Absent)]
    public void A_token_count_is_the_whole_part_of_a_non_negative_number_or_numeric_string(string json, long expected)
    {
        var parser = new UsageLineParser();

        parser.TryParse(Encoding.UTF8.GetBytes($$"""{"prompt_tokens":{{json}}}""")).Should().BeTrue();

        parser.PromptTokens.Should().Be(expected);
    }

    [Theory]
    [InlineData("\"gpt-4o\"", "gpt-4o")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
    [InlineData("\"\"", "")]
    [InlineData("null", "")]
    [InlineData("7", "")]
    [InlineData("[\"x\"]", "")]
    public void A_name_is_a_string_and_anything_else_is_absent(string json, string expected)
    {
        var parser = new UsageLineParser();

        parser.TryParse(Encoding.UTF8.GetBytes($$"""{"model":{{json}}}""")).Should().BeTrue();

        parser.Model.ToString().Should().Be(expected);
    }

    [Fact]
    public void A_long_name_grows_the_buffer()
    {
        var parser = new UsageLineParser();
        var name = new string('n', 5000);

        parser.TryParse(Encoding.UTF8.GetBytes($$"""{"user":"{{name}}","model":"m"}""")).Should().BeTrue();

        parser.User.ToString().Should().Be(name);
        parser.Model.ToString().Should().Be("m");
    }

    [Fact]
    public void Fields_of_the_previous_line_do_not_leak_into_the_next()
    {
        var parser = new UsageLineParser();
        parser.TryParse("""{"user":"ann","model":"m","prompt_tokens":5}"""u8).Should().BeTrue();

        parser.TryParse("""{"completion_tokens":1}"""u8).Should().BeTrue();

        parser.User.IsEmpty.Should().BeTrue();
        parser.Model.IsEmpty.Should().BeTrue();
        parser.PromptTokens.Should().Be(UsageLineParser.Absent);
        parser.CompletionTokens.Should().Be(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\t")]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("{} {}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1} // comment")]
    [InlineData("[{}]")]
    public void Anything_but_one_complete_object_is_rejected(string line) =>
        new UsageLineParser().TryParse(Encoding.UTF8.GetBytes(line)).Should().BeFalse();

    [Fact]
    public void Deep_nesting_is_rejected_not_thrown()
    {
        var deep = "{\"a\":" + new string('[', 500) + new string(']', 500) + "}";

        new UsageLineParser().TryParse(Encoding.UTF8.GetBytes(deep)).Should().BeFalse();
    }
}
