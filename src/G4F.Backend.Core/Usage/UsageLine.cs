namespace G4F.Backend.Usage;

/// <summary>
/// One usage line (PROTOCOL 5.1): its JSON exactly as <c>GET /usage/{date}</c> serves it, and the fields
/// <c>/stats</c> counts, read from that JSON by one rule for every store (so a database computing the statistics
/// from these fields agrees with the embedded default reading its files).
/// </summary>
/// <remarks>
/// A token count is the whole part of a non-negative number below 2^63 (also when written as a numeric string);
/// anything else is null. A name is a non-empty string, else null (counted as <c>unknown</c>).
/// </remarks>
public sealed class UsageLine
{
    /// <summary>Reads the fields of one line.</summary>
    /// <param name="utf8Json">One JSON object in UTF-8 on one line (no <c>\n</c>), as it is to be served.</param>
    /// <exception cref="ArgumentException">The text is not one JSON object on one line.</exception>
    public UsageLine(ReadOnlyMemory<byte> utf8Json)
    {
        var parser = new UsageLineParser();
        if (utf8Json.Span.Contains((byte)'\n') || !parser.TryParse(utf8Json.Span))
        {
            throw new ArgumentException("A usage line is one JSON object on one line.", nameof(utf8Json));
        }

        Json = utf8Json;
        Id = UsageLineId.New();
        User = NameOf(parser.User);
        Model = NameOf(parser.Model);
        Provider = NameOf(parser.Provider);
        PromptTokens = CountOf(parser.PromptTokens);
        CompletionTokens = CountOf(parser.CompletionTokens);
        SavedTokens = CountOf(parser.SavedTokens);
        TotalTokens = CountOf(parser.TotalTokens);
    }

    private UsageLine(ReadOnlyMemory<byte> utf8Json, string? user, string? model, string? provider, long? promptTokens, long? completionTokens, long? totalTokens)
    {
        Json = utf8Json;
        Id = UsageLineId.New();
        User = string.IsNullOrEmpty(user) ? null : user;
        Model = string.IsNullOrEmpty(model) ? null : model;
        Provider = string.IsNullOrEmpty(provider) ? null : provider;
        PromptTokens = NonNegative(promptTokens);
        CompletionTokens = NonNegative(completionTokens);
        TotalTokens = NonNegative(totalTokens);
    }

    /// <summary>The line the server writes itself: <paramref name="utf8Json"/> holds these values, so they are taken as they are, by the rule a read line's fields follow.</summary>
    internal static UsageLine FromFields(ReadOnlyMemory<byte> utf8Json, string? user, string? model, string? provider, long promptTokens, long completionTokens, long totalTokens) =>
        new(utf8Json, user, model, provider, promptTokens, completionTokens, totalTokens);

    /// <summary>The line's UTF-8 JSON without its line end; stored and served byte for byte.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>
    /// This line's identity, made once when the line is made and never part of its <see cref="Json"/> (nor of what
    /// <c>/usage/{date}</c> serves). An append retried with the same line after a failure whose outcome is unknown (a
    /// commit whose reply was lost) carries the same value, so a store where that can happen stores the line once.
    /// Two lines made from the same JSON are two lines.
    /// </summary>
    public Guid Id { get; }

    /// <summary>The line's <c>user</c>; null when absent (the statistics call it <c>unknown</c>).</summary>
    public string? User { get; }

    /// <summary>The line's <c>model</c>; null when absent.</summary>
    public string? Model { get; }

    /// <summary>The line's <c>provider</c>; null when absent.</summary>
    public string? Provider { get; }

    /// <summary>The line's <c>prompt_tokens</c>; null when absent or unusable.</summary>
    public long? PromptTokens { get; }

    /// <summary>The line's <c>completion_tokens</c>; null when absent or unusable.</summary>
    public long? CompletionTokens { get; }

    /// <summary>The line's <c>saved_tokens</c>; null when absent or unusable.</summary>
    public long? SavedTokens { get; }

    /// <summary>The line's <c>total_tokens</c>; null when absent or unusable (the statistics then count prompt + completion).</summary>
    public long? TotalTokens { get; }

    private static string? NameOf(ReadOnlySpan<char> name) => name.IsEmpty ? null : name.ToString();

    private static long? CountOf(long count) => count == UsageLineParser.Absent ? null : count;

    // A count is the whole part of a non-negative number (the parser's rule): a negative one counts as absent.
    private static long? NonNegative(long? count) => count >= 0 ? count : null;
}
