using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>A day's usage reduced to one user's lines, as <c>/usage/{date}</c> serves it to a caller who is no administrator.</summary>
public sealed class UserUsageLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public async Task Random_lines_in_random_reads_come_out_whole_and_only_the_users(int seed)
    {
        var random = new Random(seed);
        string[] users = ["alice", "bob", "alicia", "unknown"];
        var lines = Enumerable.Range(0, 400).Select(i =>
            random.Next(10) == 0 ? $$"""{"user":"alice","pad":"{{new string('x', 300)}}"}"""
            : random.Next(10) == 0 ? "not json at all"
            : random.Next(8) == 0 ? $$"""{"model":"m{{i}}"}"""
            : $$"""{"user":"{{users[random.Next(users.Length)]}}","n":{{i}}}""").ToList();
        var content = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

        var stream = await UserUsageLines.OpenAsync(new TrickleStream(content, random), "alice", maxLineBytes: 200, CancellationToken.None);

        var expected = lines.Where(l => l.StartsWith("""{"user":"alice",""", StringComparison.Ordinal) && l.Length <= 200).Select(l => l + "\n");
        (await ReadAllAsync(stream!)).Should().Be(string.Concat(expected));
    }

    [Fact]
    public async Task Lines_without_a_user_are_unknowns_as_in_the_statistics_and_a_torn_last_line_ends_in_a_newline()
    {
        var content = "\uFEFF{\"model\":\"a\"}\n{\"user\":\"bob\"}\n{\"user\":null,\"model\":\"b\"}";

        var stream = await UserUsageLines.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), "unknown", 1024, CancellationToken.None);

        (await ReadAllAsync(stream!)).Should().Be("{\"model\":\"a\"}\n{\"user\":null,\"model\":\"b\"}\n");
    }

    [Fact]
    public async Task A_line_longer_than_the_read_buffer_but_within_the_limit_is_served_whole()
    {
        var line = $$"""{"user":"alice","pad":"{{new string('y', 200_000)}}"}""";
        var content = Encoding.UTF8.GetBytes($"{{\"user\":\"bob\"}}\n{line}\n");

        var stream = await UserUsageLines.OpenAsync(new TrickleStream(content, new Random(3), maxRead: 40_000), "alice", 1 << 20, CancellationToken.None);

        (await ReadAllAsync(stream!)).Should().Be(line + "\n");
    }

    [Fact]
    public async Task A_day_without_the_users_lines_is_null_and_its_stream_is_closed()
    {
        var day = new MemoryStream(Encoding.UTF8.GetBytes("{\"user\":\"bob\"}\n{\"user\":\"alice \"}\n"));

        (await UserUsageLines.OpenAsync(day, "alice", 1024, CancellationToken.None)).Should().BeNull();
        day.CanRead.Should().BeFalse();
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }
    }

    private sealed class TrickleStream(byte[] data, Random random, int maxRead = 300) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, random.Next(1, maxRead))], cancellationToken);
    }
}
