namespace G4F.Backend.Usage;

/// <summary>
/// Running sums of one group. Sums saturate at <see cref="long.MaxValue"/> instead of overflowing: a file
/// full of absurd values must still give an answer, never an exception.
/// </summary>
internal sealed class UsageCounter
{
    public long Requests { get; private set; }

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public long SavedTokens { get; private set; }

    public long TotalTokens { get; private set; }

    /// <summary>Counts one request; every value is non-negative.</summary>
    public void Add(long prompt, long completion, long saved, long total)
    {
        Requests = SaturatingAdd(Requests, 1);
        PromptTokens = SaturatingAdd(PromptTokens, prompt);
        CompletionTokens = SaturatingAdd(CompletionTokens, completion);
        SavedTokens = SaturatingAdd(SavedTokens, saved);
        TotalTokens = SaturatingAdd(TotalTokens, total);
    }

    /// <summary>Adds every count of <paramref name="other"/> (its requests too), saturating.</summary>
    public void Add(UsageCounter other)
    {
        Requests = SaturatingAdd(Requests, other.Requests);
        PromptTokens = SaturatingAdd(PromptTokens, other.PromptTokens);
        CompletionTokens = SaturatingAdd(CompletionTokens, other.CompletionTokens);
        SavedTokens = SaturatingAdd(SavedTokens, other.SavedTokens);
        TotalTokens = SaturatingAdd(TotalTokens, other.TotalTokens);
    }

    public UsageTotals ToTotals() => new(Requests, PromptTokens, CompletionTokens, SavedTokens, TotalTokens);

    public UsageDay ToDay(DateOnly date) => new(date, Requests, PromptTokens, CompletionTokens, SavedTokens, TotalTokens);

    /// <summary>Adds two non-negative values, stopping at <see cref="long.MaxValue"/>.</summary>
    public static long SaturatingAdd(long a, long b)
    {
        var sum = unchecked(a + b);
        return sum < a ? long.MaxValue : sum;
    }
}
