using System.Text;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The chunk parser tells property names apart by length and one byte: every name is still read exactly, escaped or not.</summary>
public sealed class OpenAIChunkParserTests
{
    [Fact]
    public void Every_field_is_read_under_its_plain_name()
    {
        var chunk = OpenAIChunkParser.Parse(
            """{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"hi","reasoning_content":"r","tool_calls":[{"id":"c"}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":4},"error":"e"}"""u8,
            knownModel: null);

        chunk.Model.Should().Be("m");
        Encoding.UTF8.GetString(chunk.Content!).Should().Be("hi");
        chunk.Reasoning.Should().Be("r");
        chunk.ToolCalls!.ToJsonString().Should().Be("""[{"id":"c"}]""");
        chunk.FinishReason.Should().Be("stop");
        chunk.Usage!.PromptTokens.Should().Be(1);
        chunk.Usage.CompletionTokens.Should().Be(2);
        chunk.Usage.TotalTokens.Should().Be(4);
        chunk.Error.Should().Be("e");
    }

    [Fact]
    public void Escaped_names_read_as_their_text()
    {
        var chunk = OpenAIChunkParser.Parse(
            """{"\u006dodel":"m","\u0063hoices":[{"\u006dessage":{"\u0063ontent":"hi","reasoning":"r"},"finish\u005freason":"length"}],"usage":{"\u0063ompletion_tokens":7}}"""u8,
            knownModel: null);

        chunk.Model.Should().Be("m");
        Encoding.UTF8.GetString(chunk.Content!).Should().Be("hi");
        chunk.Reasoning.Should().Be("r");
        chunk.FinishReason.Should().Be("length");
        chunk.Usage!.CompletionTokens.Should().Be(7);
    }

    [Fact]
    public void Names_of_a_known_length_and_first_byte_are_not_taken_for_known_ones()
    {
        var chunk = OpenAIChunkParser.Parse(
            """{"modes":"m","chooses":[{"delta":{"contend":"x"}}],"choices":[{"delta":{"reasoninq":"r","contents":"y","tool_callz":[1]},"finish_reasom":"stop"}],"usagf":{"prompt_tokens":1},"errors":"e"}"""u8,
            knownModel: null);

        chunk.Should().Be(default(G4F.Backend.Providers.OpenAIChunk));
    }
}
