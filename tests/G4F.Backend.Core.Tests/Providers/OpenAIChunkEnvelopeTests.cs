using System.Text;
using System.Text.Json;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>
/// A stream's parser takes a text chunk in the envelope of the last one it read without tokenizing it: it must read every
/// chunk exactly as the full parser does, and take the shortcut only where the bytes prove it safe.
/// </summary>
public sealed class OpenAIChunkEnvelopeTests
{
    private const string Head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"m-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
    private const string Tail = "\"},\"finish_reason\":null}]}";

    [Fact]
    public void A_text_chunk_in_the_learned_envelope_is_read_without_the_parser()
    {
        var envelope = new OpenAIChunkEnvelope();
        var first = Bytes(Head + "Hello" + Tail);
        envelope.Learn(first, OpenAIChunkParser.Parse(first, knownModel: null));

        envelope.TryRead(Bytes(Head + " wörld 🌍" + Tail), out var chunk).Should().BeTrue();

        Encoding.UTF8.GetString(chunk.Content!).Should().Be(" wörld 🌍");
        chunk.Model.Should().Be("m-1");
        chunk.FinishReason.Should().BeNull();
    }

    [Theory]
    [InlineData("line\\nbreak", "an escape")]
    [InlineData("say \\\"hi\\\"", "an escaped quote")]
    [InlineData("back\\\\slash", "an escaped backslash")]
    [InlineData("a\" , \"x\":\"b", "a quote that would end the string early")]
    [InlineData("tab\there", "a raw control character, invalid JSON")]
    public void A_text_that_is_not_plain_goes_to_the_parser(string text, string what)
    {
        var envelope = new OpenAIChunkEnvelope();
        var first = Bytes(Head + "Hello" + Tail);
        envelope.Learn(first, OpenAIChunkParser.Parse(first, knownModel: null));

        envelope.TryRead(Bytes(Head + text + Tail), out _).Should().BeFalse(what);
    }

    [Theory]
    [InlineData("""{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1760000000,"model":"m-1","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""")]
    [InlineData("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"m-1","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1760000000,"model":"m-1","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}],"obfuscation":"ab"}""")]
    public void Another_envelope_goes_to_the_parser(string chunk)
    {
        var envelope = new OpenAIChunkEnvelope();
        var first = Bytes(Head + "Hello" + Tail);
        envelope.Learn(first, OpenAIChunkParser.Parse(first, knownModel: null));

        envelope.TryRead(Bytes(chunk), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"model":"m","choices":[{"delta":{"content":"a"}},{"delta":{"content":"a"}}]}""", "two content values")]
    [InlineData("""{"model":"m","choices":[{"delta":{"content":"a\nb"}}]}""", "an escaped text")]
    [InlineData("""{"model":"m","choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}""", "a finish reason")]
    [InlineData("""{"model":"m","choices":[{"delta":{"content":"a","reasoning_content":"r"}}]}""", "reasoning")]
    [InlineData("""{"model":"m","choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":1}}""", "usage")]
    [InlineData("""{"model":"m","choices":[{"delta":{"content":"a","content":"b"}}]}""", "a repeated content")]
    public void Only_a_text_chunk_and_nothing_else_is_learned(string chunk, string what)
    {
        var envelope = new OpenAIChunkEnvelope();
        var data = Bytes(chunk);

        envelope.Learn(data, OpenAIChunkParser.Parse(data, knownModel: null));

        envelope.TryRead(data, out _).Should().BeFalse(what);
    }

    [Fact]
    public void A_stream_whose_envelope_changes_every_chunk_stops_learning()
    {
        var parser = OpenAIChunkParser.ForStream();
        var envelope = new OpenAIChunkEnvelope();
        for (var i = 0; i < 10; i++)
        {
            var data = Bytes($$$"""{"id":"c","model":"m","choices":[{"delta":{"content":"t{{{i}}}"}}],"obfuscation":"{{{i}}}"}""");
            envelope.TryRead(data, out _).Should().BeFalse();
            envelope.Learn(data, parser(string.Empty, data));
        }

        var same = Bytes("""{"id":"c","model":"m","choices":[{"delta":{"content":"x"}}],"obfuscation":"9"}""");
        envelope.TryRead(same, out _).Should().BeFalse("after four envelopes learned in a row that never matched, the later ones were not learned");
    }

    [Fact]
    public void A_stream_reads_every_chunk_as_the_full_parser_does()
    {
        // Streams of many shapes, with texts that are plain, escaped, non-ASCII, invalid UTF-8 or breaking the string.
        var random = new Random(20261206);
        string[] texts = ["tok ", "", "é ünï", "🌍", "a\\nb", "q\\\"uote", "\\\\", "\\u00e9", "</script>", "plain text here", "x\"y", "ctl\u0001"];
        for (var stream = 0; stream < 300; stream++)
        {
            var parser = OpenAIChunkParser.ForStream();
            var id = $"chatcmpl-{random.Next(3)}";
            var model = random.Next(4) == 0 ? "m\\u002d1" : "m-1";
            var spacing = random.Next(5) == 0 ? " " : string.Empty;
            for (var i = 0; i < 20; i++)
            {
                if (random.Next(6) == 0)
                {
                    id = $"chatcmpl-{random.Next(3)}";
                }

                var text = texts[random.Next(texts.Length)];
                var extra = random.Next(8) switch
                {
                    0 => ",\"finish_reason\":\"stop\"",
                    1 => ",\"finish_reason\":null,\"logprobs\":null",
                    _ => ",\"finish_reason\":null",
                };
                var delta = random.Next(10) switch
                {
                    0 => $"{{\"role\":\"assistant\",\"content\":\"{text}\"}}",
                    1 => $"{{\"content\":\"{text}\",\"reasoning_content\":\"r\"}}",
                    2 => "{\"content\":null}",
                    _ => $"{{\"content\":{spacing}\"{text}\"}}",
                };
                var tail = random.Next(10) == 0 ? ",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}" : string.Empty;
                var chunk = $"{{\"id\":\"{id}\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"{model}\",\"choices\":[{{\"index\":0,\"delta\":{delta}{extra}}}]{tail}}}";
                var data = random.Next(20) == 0 ? [.. Bytes(chunk[..^3]), 0xC3, .. Bytes(chunk[^3..])] : Bytes(chunk);

                Read(() => parser(string.Empty, data)).Should().Be(Read(() => OpenAIChunkParser.Parse(data, knownModel: null)), chunk);
            }
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Everything a parse gives, as text: each field, or the exception it threw.</summary>
    private static string Read(Func<OpenAIChunk> parse)
    {
        try
        {
            var chunk = parse();
            return string.Join(" | ",
                chunk.IsDone,
                chunk.Model,
                chunk.Content is null ? "<null>" : Convert.ToHexString(chunk.Content),
                chunk.Reasoning,
                chunk.ToolCalls?.ToJsonString(),
                chunk.FinishReason,
                chunk.Usage is null ? "<null>" : $"{chunk.Usage.PromptTokens}/{chunk.Usage.CompletionTokens}/{chunk.Usage.TotalTokens}",
                chunk.Error);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ex.GetType().Name;
        }
    }
}
