using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.PostgreSql.Usage;

/// <summary>
/// The columns of a usage line as <c>/stats</c> counts it (PROTOCOL 5.3, the embedded aggregator's rules): a missing
/// user, model or provider is <c>unknown</c>; a missing or negative count is 0; a total that is missing or 0 is prompt
/// plus completion. Computed once when the line is stored, so the database only sums.
/// </summary>
internal sealed record UsageRow(byte[] User, byte[] Model, byte[] Provider, long Prompt, long Completion, long Saved, long Total)
{
    public const string Unknown = "unknown";

    public static UsageRow Of(UsageLine line)
    {
        var prompt = Math.Max(line.PromptTokens ?? 0, 0);
        var completion = Math.Max(line.CompletionTokens ?? 0, 0);
        var saved = Math.Max(line.SavedTokens ?? 0, 0);
        var total = line.TotalTokens is > 0 and var given ? given : SaturatingAdd(prompt, completion);
        return new UsageRow(Name(line.User), Name(line.Model), Name(line.Provider), prompt, completion, saved, total);
    }

    /// <summary>The stored form of a name: UTF-8 of the name, or of <c>unknown</c> when there is none.</summary>
    public static byte[] Name(string? name) => Encoding.UTF8.GetBytes(string.IsNullOrEmpty(name) ? Unknown : name);

    private static long SaturatingAdd(long a, long b)
    {
        var sum = unchecked(a + b);
        return sum < a ? long.MaxValue : sum;
    }
}
