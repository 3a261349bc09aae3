using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.Sharing;

namespace G4F.Backend.Core.Tests.Sharing;

public sealed class ChatVersionTests
{
    [Theory]
    [InlineData("""{"updated":1755780123456}""", 1755780123456)]
    [InlineData("""{"id":"x","items":[{"updated":5}],"updated":42}""", 42)]
    [InlineData("""{"updated":1.755780123456e12}""", 1755780123456)]
    [InlineData("""{"updated":-3}""", -3)]
    [InlineData("""{"updated":0}""", 0)]
    [InlineData("""{"id":"x"}""", 0)]
    [InlineData("""{"updated":null}""", 0)]
    [InlineData("""{"updated":"1755780123456"}""", 0)]
    [InlineData("""{"updated":12.5}""", 0)]
    [InlineData("""{"updated":1e300}""", 0)]
    [InlineData("""{"updated":{"at":7}}""", 0)]
    [InlineData("""{"updated":[7]}""", 0)]
    [InlineData("""{"Updated":7}""", 0)]
    public async Task A_posted_chat_and_a_stored_file_have_the_same_version(string json, long expected)
    {
        ChatVersion.Of(JsonNode.Parse(json)!.AsObject()).Should().Be(expected);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        (await ChatVersion.ReadAsync(stream, CancellationToken.None)).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"updated\":")]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"text\"")]
    public async Task A_stored_file_that_is_not_a_json_object_has_version_0(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));

        (await ChatVersion.ReadAsync(stream, CancellationToken.None)).Should().Be(0);
    }

    [Fact]
    public async Task The_version_after_values_larger_than_the_read_buffer_is_found()
    {
        // A long message before "updated" (as the client's own key order has it) spans many buffer refills.
        var json = $$"""{"id":"x","items":[{"role":"user","content":"{{new string('é', 50_000)}}"}],"updated":1755780123456}""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        (await ChatVersion.ReadAsync(stream, CancellationToken.None)).Should().Be(1755780123456);
    }

    [Fact]
    public async Task The_version_is_found_when_reads_return_one_byte_at_a_time()
    {
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes("""{"a":[1,{"updated":2}],"updated":1755780123456,"z":0}"""));

        (await ChatVersion.ReadAsync(stream, CancellationToken.None)).Should().Be(1755780123456);
    }

    /// <summary>A stream that hands out one byte per read, so every token is split across reads.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
