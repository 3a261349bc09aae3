using System.Net.ServerSentEvents;
using System.Text;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The provider's own SSE reader hands out the events <see cref="SseParser"/> reads, however the bytes are cut into reads.</summary>
public sealed class SseDataReaderTests
{
    private static readonly string[] Endings = ["\n", "\r", "\r\n"];

    private static readonly string[] Lines =
    [
        "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}",
        "data:{\"no\":\"space\"}",
        "data:  two spaces",
        "data",
        "data:",
        "data: café 🙂 漢字",
        ": keep-alive comment",
        ":",
        "event: message",
        "event: error",
        "id: 7",
        "retry: 1000",
        "database: not data",
        "Data: wrong case",
        "data: [DONE]",
        "nonsense",
        "",
        "",
        "",
    ];

    [Fact]
    public async Task Random_streams_cut_at_random_give_the_events_SseParser_gives()
    {
        var random = new Random(61206);
        for (var round = 0; round < 500; round++)
        {
            var text = new StringBuilder(random.Next(4) == 0 ? "\uFEFF" : string.Empty);
            for (var i = random.Next(0, 30); i > 0; i--)
            {
                text.Append(Lines[random.Next(Lines.Length)]).Append(Endings[random.Next(Endings.Length)]);
            }

            if (random.Next(3) == 0)
            {
                text.Append("data: unfinished");
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var expected = await ExpectedAsync(bytes);
            var maxRead = random.Next(1, 64);

            var actual = await ReadAsync(new TricklingStream(bytes, maxRead, random.Next()));

            actual.Should().Equal(expected, "for {0} read at most {1} bytes at a time", text.ToString().ReplaceLineEndings("⏎"), maxRead);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4096)]
    public async Task A_line_longer_than_the_buffer_and_many_data_lines_are_one_event_each(int maxRead)
    {
        var big = new string('x', 100_000) + "é";
        var bytes = Encoding.UTF8.GetBytes($"data: {big}\n\ndata: a\ndata: b\r\ndata: c\r\rdata: last\n\n");

        var events = await ReadAsync(new TricklingStream(bytes, maxRead, seed: 1));

        events.Should().Equal(big, "a\nb\nc", "last");
    }

    [Fact]
    public async Task An_event_of_data_lines_longer_together_than_a_line_may_be_is_a_response_error()
    {
        // Each line is within the limit; an upstream that never sends the blank line would grow the event forever.
        var line = Encoding.UTF8.GetBytes("data: " + new string('x', 1024 * 1024) + "\n");
        var bytes = Enumerable.Repeat(line, 17).SelectMany(l => l).ToArray();

        var act = () => ReadAsync(new MemoryStream(bytes));

        (await act.Should().ThrowAsync<ProviderException>()).Which.ErrorName.Should().Be("ResponseError");
    }

    [Fact]
    public async Task A_bom_cut_by_reads_is_still_skipped_but_only_at_the_start()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFFdata: one\n\ndata: \uFEFFtwo\n\n");

        var events = await ReadAsync(new TricklingStream(bytes, 1, seed: 1));

        events.Should().Equal("one", "\uFEFFtwo");
    }

    private static async Task<List<string>> ExpectedAsync(byte[] bytes)
    {
        var events = new List<string>();
        await foreach (var item in SseParser.Create(new MemoryStream(bytes), static (_, data) => Encoding.UTF8.GetString(data)).EnumerateAsync())
        {
            events.Add(item.Data);
        }

        return events;
    }

    private static async Task<List<string>> ReadAsync(Stream stream)
    {
        var events = new List<string>();
        using var reader = new SseDataReader<string>(stream, static (_, data) => Encoding.UTF8.GetString(data));
        while (await reader.MoveNextAsync(CancellationToken.None))
        {
            events.Add(reader.Current);
        }

        return events;
    }

    /// <summary>Hands out its bytes in reads of 1 to <c>maxRead</c> bytes, sometimes completing later.</summary>
    private sealed class TricklingStream(byte[] bytes, int maxRead, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_random.Next(4) == 0)
            {
                await Task.Yield();
            }

            return Read(buffer.Span);
        }

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, bytes.Length - _position), _random.Next(1, maxRead + 1));
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
