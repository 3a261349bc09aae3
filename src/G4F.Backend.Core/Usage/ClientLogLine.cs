namespace G4F.Backend.Usage;

/// <summary>One client log line (<c>POST /log</c>, PROTOCOL 5.4): a JSON object the client chose, kept as it is.</summary>
public sealed class ClientLogLine
{
    /// <summary>Takes one line.</summary>
    /// <param name="utf8Json">One JSON object in UTF-8 on one line (no <c>\n</c>).</param>
    /// <exception cref="ArgumentException">The text is not one JSON object on one line.</exception>
    public ClientLogLine(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Span.Contains((byte)'\n') || !new UsageLineParser().TryParse(utf8Json.Span))
        {
            throw new ArgumentException("A client log line is one JSON object on one line.", nameof(utf8Json));
        }

        Json = utf8Json;
    }

    /// <summary>The line's UTF-8 JSON without its line end; stored byte for byte.</summary>
    public ReadOnlyMemory<byte> Json { get; }
}
