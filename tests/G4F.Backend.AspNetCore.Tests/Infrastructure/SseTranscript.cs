using System.Text;
using System.Text.Json;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>A conversation stream as the official client reads it: LF lines, a record per blank line.</summary>
public sealed class SseTranscript
{
    private SseTranscript(string raw, IReadOnlyList<(string Event, JsonElement Data)> events)
    {
        Raw = raw;
        Events = events;
    }

    public string Raw { get; }

    public IReadOnlyList<(string Event, JsonElement Data)> Events { get; }

    public IEnumerable<string> Types => Events.Select(e => e.Data.GetProperty("type").GetString()!);

    public IEnumerable<JsonElement> OfType(string type) => Events.Where(e => e.Event == type).Select(e => e.Data);

    public string Content => string.Concat(OfType("content").Select(e => e.GetProperty("content").GetString()));

    public static async Task<SseTranscript> ReadAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        return Parse(raw);
    }

    /// <summary>Parses strictly: every record is exactly an <c>event:</c> line and a <c>data:</c> line, LF only.</summary>
    public static SseTranscript Parse(string raw)
    {
        raw.Should().NotContain("\r", "the official client splits on LF only");
        raw.Should().EndWith("\n\n", "every record, the last included, ends with a blank line");
        var events = new List<(string, JsonElement)>();
        foreach (var record in raw[..^2].Split("\n\n"))
        {
            var lines = record.Split('\n');
            lines.Should().HaveCount(2, $"a record is one event line and one data line: [{record}]");
            lines[0].Should().StartWith("event: ");
            lines[1].Should().StartWith("data: ");
            var type = lines[0]["event: ".Length..];
            var data = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            data.GetProperty("type").GetString().Should().Be(type, "the event line names the JSON's type");
            events.Add((type, data));
        }

        return new SseTranscript(raw, events);
    }

    /// <summary>Reads the next whole record from a live stream (for streaming and disconnect tests).</summary>
    public static async Task<string?> ReadRecordAsync(StreamReader reader)
    {
        var record = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                return record.ToString();
            }

            record.Append(line).Append('\n');
        }

        return null;
    }
}
