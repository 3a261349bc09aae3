using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

public sealed class JsonLineReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public async Task Random_lines_in_random_reads_come_out_whole_and_long_ones_are_skipped(int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, 300).Select(_ => new string((char)('a' + random.Next(26)), random.Next(0, 120))).ToList();
        var trailingNewline = random.Next(2) == 0;
        var content = string.Join('\n', lines) + (trailingNewline ? "\n" : string.Empty);
        const int MaxLine = 50;
        var sink = new CollectingSink();

        // A 16-byte buffer (the pool's smallest) forces every path: compaction, growth, lines across reads.
        await JsonLineReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(content), random), sink, MaxLine, CancellationToken.None, bufferSize: 16);

        var expected = lines.Where(l => l.Length <= MaxLine).ToList();
        if (!trailingNewline && lines[^1].Length == 0)
        {
            // An empty last line without '\n' is no line at all.
            expected.RemoveAt(expected.Count - 1);
        }

        sink.Lines.Should().Equal(expected);
    }

    [Fact]
    public async Task A_byte_order_mark_is_dropped_from_the_first_line_only()
    {
        var sink = new CollectingSink();

        await JsonLineReader.ReadAsync(new MemoryStream([.. "\uFEFF"u8, .. "a\n"u8, .. "\uFEFF"u8, .. "b"u8]), sink, 100, CancellationToken.None);

        sink.Lines.Should().Equal("a", "\uFEFFb");
    }

    [Fact]
    public async Task A_byte_order_mark_that_arrives_one_byte_a_read_is_still_dropped()
    {
        var sink = new CollectingSink();

        await JsonLineReader.ReadAsync(new OneByteStream([.. "\uFEFF"u8, .. "a\nb"u8]), sink, 100, CancellationToken.None);

        sink.Lines.Should().Equal("a", "b");
    }

    [Fact]
    public async Task Pulled_lines_say_whether_they_ended_and_keep_their_newline_as_read()
    {
        using var reader = new JsonLineReader(new MemoryStream("a\n\nbc"u8.ToArray()), 100, bufferSize: 16);
        var lines = new List<(string Line, bool Ended, string AsRead)>();

        while (await reader.NextAsync(CancellationToken.None))
        {
            lines.Add((Encoding.UTF8.GetString(reader.Line.Span), reader.LineEnded, Encoding.UTF8.GetString(reader.LineAsRead.Span)));
        }

        lines.Should().Equal(("a", true, "a\n"), (string.Empty, true, "\n"), ("bc", false, "bc"));
    }

    [Fact]
    public async Task A_line_exactly_at_the_limit_is_kept_and_one_byte_more_is_skipped()
    {
        var sink = new CollectingSink();
        var content = new string('a', 32) + "\n" + new string('b', 33) + "\n" + new string('c', 33) + "\nd";

        await JsonLineReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), sink, 32, CancellationToken.None, bufferSize: 16);

        sink.Lines.Should().Equal(new string('a', 32), "d");
    }

    private sealed class CollectingSink : ILineSink
    {
        public List<string> Lines { get; } = [];

        public void OnLine(ReadOnlySpan<byte> line) => Lines.Add(Encoding.UTF8.GetString(line));
    }

    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }

    /// <summary>Returns a random 1..20 bytes per read, as a slow disk or pipe may.</summary>
    private sealed class TrickleStream(byte[] data, Random random) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, random.Next(1, 21))], cancellationToken);
    }
}
