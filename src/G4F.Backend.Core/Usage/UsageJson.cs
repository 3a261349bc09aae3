using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.Usage;

/// <summary>
/// A usage or client log entry built as a JSON object (a posted body, a turn's usage) in the form the lines are stored:
/// compact JSON, a newline inside a value escaped.
/// </summary>
internal static class UsageJson
{
    /// <summary>The usage line of <paramref name="entry"/>, serialized now: the caller may reuse the object at once.</summary>
    /// <exception cref="ArgumentException">The entry holds text that is not valid Unicode (an unpaired surrogate).</exception>
    public static UsageLine ToUsageLine(JsonObject entry) => new(Serialize(entry));

    /// <summary>The client log line of <paramref name="entry"/>, like <see cref="ToUsageLine"/>.</summary>
    /// <exception cref="ArgumentException">The entry holds text that is not valid Unicode (an unpaired surrogate).</exception>
    public static ClientLogLine ToClientLogLine(JsonObject entry) => new(Serialize(entry));

    /// <summary>Appends <paramref name="entry"/> to today's usage.</summary>
    public static Task AppendUsageAsync(this IUsageLog log, JsonObject entry, CancellationToken cancellationToken = default) =>
        log.AppendUsageAsync(ToUsageLine(entry), cancellationToken);

    /// <summary>Appends <paramref name="entry"/> to today's client log.</summary>
    public static Task AppendClientLogAsync(this IUsageLog log, JsonObject entry, CancellationToken cancellationToken = default) =>
        log.AppendClientLogAsync(ToClientLogLine(entry), cancellationToken);

    private static byte[] Serialize(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            entry.WriteTo(writer);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // An unpaired surrogate (from "\ud800" in parsed JSON, or a .NET string) cannot be written as JSON.
            throw new ArgumentException("The entry holds text that is not valid Unicode.", nameof(entry), ex);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
