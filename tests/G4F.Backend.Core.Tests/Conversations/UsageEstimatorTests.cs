using System.Text.Json.Nodes;
using G4F.Backend.Conversations;

namespace G4F.Backend.Core.Tests.Conversations;

public sealed class UsageEstimatorTests
{
    [Fact]
    public void Prompt_tokens_count_strings_text_parts_and_every_part_as_the_original()
    {
        var messages = JsonNode.Parse("""
            [
              {"role": "system", "content": "Be brief."},
              {"role": "user", "content": "héllo wörld €"},
              {"role": "user", "content": [
                {"type": "text", "text": "abcdefg"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAAAAAAAAAAAAAAAAAA"}},
                "plain str 🙂"
              ]},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
              {"role": "tool", "tool_call_id": "c1", "content": "42"},
              {"role": "user", "content": [{"text": "no type"}]},
              {"role": "user", "content": [{"type": "text", "text": 123}]},
              "not a message"
            ]
            """)!.AsArray();

        // 1 + (2+4) + (17 bytes: 4+4) + (1+4 + 0+4 + 14 bytes: 3+4) + 0 + (0+4) + (1+4) + (0+4) + 0
        UsageEstimator.EstimatePromptTokens(messages).Should().Be(44);
    }

    [Fact]
    public void An_empty_prompt_counts_the_start_token_only()
    {
        UsageEstimator.EstimatePromptTokens([]).Should().Be(1);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 0)]
    [InlineData("ab", 0)] // 0.5 rounds to even 0
    [InlineData("abc", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcdef", 2)] // 1.5 rounds to even 2
    [InlineData("abcdefghij", 2)] // 2.5 rounds to even 2
    [InlineData("abcdefghijklmn", 4)] // 3.5 rounds to even 4
    [InlineData("é", 0)] // 2 bytes
    [InlineData("€", 1)] // 3 bytes
    [InlineData("🙂", 1)] // 4 bytes
    [InlineData("ééé", 2)] // 6 bytes: 1.5
    [InlineData("ééééé", 2)] // 10 bytes: 2.5
    [InlineData("éé€", 2)] // 7 bytes: 1.75
    public void Completion_tokens_are_utf8_bytes_over_four_rounded_half_to_even(string chunk, long expected)
    {
        UsageEstimator.EstimateCompletionTokens(chunk).Should().Be(expected);
    }
}
