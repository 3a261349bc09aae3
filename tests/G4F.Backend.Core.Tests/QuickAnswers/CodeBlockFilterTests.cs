using G4F.Backend.QuickAnswers;

namespace G4F.Backend.Core.Tests.QuickAnswers;

public sealed class CodeBlockFilterTests
{
    [Theory]
    [InlineData("Intro\n```json\n{\"a\": 1}\n```\nOutro", "true", "{\"a\": 1}")]
    [InlineData("```python\nprint(1)\nprint(2)\n```", "TRUE", "print(1)\nprint(2)")]
    [InlineData("```js\nfirst()\n```\n```py\nsecond()\n```", "1", "first()")]
    [InlineData("```py\ncut off by a length limit", "true", "cut off by a length limit")]
    [InlineData("```py\nends with a newline\n", "true", "ends with a newline")]
    [InlineData("```\nuntagged\n```", "true", "```\nuntagged\n```")]
    [InlineData("no code at all", "true", "no code at all")]
    [InlineData("```json\n{}\n```", "json", "{}")]
    [InlineData("```json\n{}\n```", "yaml,json", "{}")]
    [InlineData("```json\n{}\n```", "yaml", "")]
    [InlineData("```\nuntagged\n```", "json", "")]
    [InlineData("no code at all", "json", "")]
    public void The_first_tagged_block_is_kept_as_the_original_does(string answer, string filter, string expected) =>
        CodeBlockFilter.Apply(answer, filter).Should().Be(expected);

    [Fact]
    public void A_huge_answer_without_a_closing_fence_is_filtered_in_linear_time()
    {
        // A pathological answer must not hang the request: the pattern has one lazy run and a timeout.
        var answer = "```x\n" + new string('a', 2_000_000);

        CodeBlockFilter.Apply(answer, "true").Should().HaveLength(2_000_000);
    }
}
