using System.Text;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>How the bytes of an upstream stream arrive is not how its chunks are cut: the provider reads chunks, not reads.</summary>
public sealed class OpenAICompatibleProviderWireTests : IAsyncLifetime
{
    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_chunk_split_across_writes_inside_a_multi_byte_character_arrives_whole()
    {
        // "é" is C3 A9 and "🙂" F0 9F 99 82: each write ends inside one of them, and inside the JSON and the SSE framing.
        var stream = Encoding.UTF8.GetBytes("data: {\"model\":\"fake-model\",\"choices\":[{\"delta\":{\"content\":\"café 🙂\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"!\"}}]}\n\ndata: [DONE]\n\n");
        var e = Array.IndexOf(stream, (byte)0xA9);
        var smiley = Array.IndexOf(stream, (byte)0xF0);
        Upstream.Reply = FakeReply.Bytes(stream[..10], stream[10..e], stream[e..(smiley + 2)], stream[(smiley + 2)..(smiley + 3)], stream[(smiley + 3)..]);

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(new ContentEvent("café 🙂"), new ContentEvent("!"));
    }

    [Fact]
    public async Task Escapes_split_across_writes_arrive_as_their_text_and_go_out_as_that_texts_json()
    {
        // Python's json.dumps escapes everything beyond ASCII: writes end inside "\u00e9", between the two halves of a
        // surrogate pair, and inside "\n".
        var stream = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"caf\\u00e9 \\ud83d\\ude42\\n\\\"q\\\"\"}}]}\n\ndata: [DONE]\n\n");
        var e = IndexOf(stream, "00e9");
        var low = IndexOf(stream, "\\ude42");
        var newline = IndexOf(stream, "\\n\\\"");
        Upstream.Reply = FakeReply.Bytes(stream[..e], stream[e..low], stream[low..(newline + 1)], stream[(newline + 1)..]);

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(new ContentEvent("café 🙂\n\"q\""));
        ResponseEventSerializer.SerializeToString(events[0]).Should().Be(ResponseEventSerializer.SerializeToString(new ContentEvent("café 🙂\n\"q\"")));
    }

    [Fact]
    public async Task An_unpaired_surrogate_escape_in_a_delta_fails_the_stream()
    {
        Upstream.Reply = FakeReply.Chunks("{\"choices\":[{\"delta\":{\"content\":\"bad \\ud800 half\"}}]}");

        var read = () => CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        (await read.Should().ThrowAsync<ProviderException>()).WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public async Task A_very_large_single_chunk_is_one_event_with_all_its_text()
    {
        var text = string.Concat(Enumerable.Range(0, 200_000).Select(i => (char)('a' + (i % 26)))) + "ü";
        Upstream.Reply = FakeReply.Text(text, "end");

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().HaveCount(4);
        events[0].Should().BeOfType<ContentEvent>().Which.Content.Should().Be(text);
        events[1].Should().Be(new ContentEvent("end"));
    }

    [Fact]
    public void A_stream_parser_reads_a_repeated_model_once_and_still_sees_a_new_one()
    {
        var parse = OpenAIChunkParser.ForStream();

        var first = parse("message", """{"model":"fake-model","choices":[]}"""u8).Model;
        var again = parse("message", """{"model":"fake\u002dmodel","choices":[]}"""u8).Model;
        var other = parse("message", """{"model":"other-model","choices":[]}"""u8).Model;
        var none = parse("message", """{"choices":[]}"""u8).Model;
        var back = parse("message", """{"model":"other-model"}"""u8).Model;

        first.Should().Be("fake-model");
        again.Should().BeSameAs(first, "an equal model (escapes read as text) is the string already read");
        other.Should().Be("other-model");
        none.Should().BeNull("a chunk without a model has none, whatever came before");
        back.Should().BeSameAs(other);
    }

    [Fact]
    public void A_repeated_model_is_recognised_by_its_exact_text_whatever_its_characters()
    {
        var parse = OpenAIChunkParser.ForStream();

        var first = parse("message", """{"model":"modèle-ü"}"""u8).Model;
        var again = parse("message", """{"model":"modèle-ü"}"""u8).Model;
        var longer = parse("message", """{"model":"modèle-ü2"}"""u8).Model;
        var shorter = parse("message", """{"model":"modèle-"}"""u8).Model;
        var differs = parse("message", """{"model":"modèle-u"}"""u8).Model;

        first.Should().Be("modèle-ü");
        again.Should().BeSameAs(first);
        longer.Should().Be("modèle-ü2");
        shorter.Should().Be("modèle-");
        differs.Should().Be("modèle-u");
    }

    private static int IndexOf(byte[] stream, string ascii) => stream.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii));
}
