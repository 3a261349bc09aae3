using System.Text;

namespace G4F.Backend.Usage;

/// <summary>
/// How <c>/stats</c> counts one usage line (PROTOCOL 5.3), for implementers of <see cref="IUsageLog"/> that compute
/// <see cref="IUsageLog.GetStatisticsAsync"/> themselves (in a database): the line is one request; an absent or negative
/// count is 0; a total that is absent or 0 is prompt plus completion (saturating); an absent user, model or provider is
/// grouped under <see cref="Unknown"/>. The embedded log counts by these same rules.
/// </summary>
/// <remarks>
/// The groups answered are bounded, so any number of distinct names posted gives an answer (and memory) of bounded size:
/// per dimension (models, providers, users) at most <see cref="MaxListedGroups"/> names are listed, the ones with the
/// most total tokens (ties by <see cref="NameOrder"/>), plus one group <see cref="Other"/> holding the sums of every
/// other line. A name longer than <see cref="MaxNameBytes"/> UTF-8 bytes, and the name <see cref="Other"/> itself, is
/// never listed: its lines count in <see cref="Other"/>. So the listed groups of a dimension always add up to the
/// totals exactly.
/// </remarks>
public static class UsageCounting
{
    /// <summary>The group of a line without a user, model or provider; also what <c>/stats?user=</c> names them by.</summary>
    public const string Unknown = "unknown";

    /// <summary>The group holding the lines of every name not listed on its own (see the remarks).</summary>
    public const string Other = "other";

    /// <summary>How many names a dimension of <c>/stats</c> lists at most, besides <see cref="Other"/>.</summary>
    public const int MaxListedGroups = 100;

    /// <summary>
    /// The longest name, in UTF-8 bytes, that <c>/stats</c> lists and <c>POST /usage</c> accepts for a model, a
    /// provider or a client-named user (real ones are a few dozen bytes).
    /// </summary>
    public const int MaxNameBytes = 256;

    /// <summary>
    /// The order of groups with equal total tokens: by Unicode code point, which is the order of their UTF-8 bytes (so a
    /// database comparing stored UTF-8 names agrees).
    /// </summary>
    public static IComparer<string> NameOrder { get; } = Comparer<string>.Create(CompareCodePoints);

    /// <summary>The group <paramref name="name"/> (a line's user, model or provider) is counted under.</summary>
    /// <param name="name">The name on the line, or null.</param>
    /// <returns>The name, or <see cref="Unknown"/> when there is none.</returns>
    public static string GroupOf(string? name) => string.IsNullOrEmpty(name) ? Unknown : name;

    /// <summary>What <paramref name="line"/> adds to every group it is counted in.</summary>
    /// <param name="line">The line.</param>
    /// <returns>One request and its counts, by the rules above.</returns>
    public static UsageTotals Count(UsageLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (prompt, completion, saved, total) = Normalise(line.PromptTokens ?? -1, line.CompletionTokens ?? -1, line.SavedTokens ?? -1, line.TotalTokens ?? -1);
        return new UsageTotals(1, prompt, completion, saved, total);
    }

    /// <summary>The counts of a line as read (a negative count is absent), by the rules above.</summary>
    internal static (long Prompt, long Completion, long Saved, long Total) Normalise(long prompt, long completion, long saved, long total)
    {
        (prompt, completion, saved) = (Math.Max(prompt, 0), Math.Max(completion, 0), Math.Max(saved, 0));
        // 0 is treated like absent: a client that fills the field with a placeholder still gets a total.
        return (prompt, completion, saved, total > 0 ? total : UsageCounter.SaturatingAdd(prompt, completion));
    }

    /// <summary>Whether <paramref name="name"/> (a group as counted) may be listed on its own, or counts in <see cref="Other"/>.</summary>
    internal static bool IsListable(ReadOnlySpan<char> name) => !name.SequenceEqual(Other) && IsWithinNameBound(name);

    /// <summary>Whether <paramref name="name"/> is at most <see cref="MaxNameBytes"/> long in UTF-8 (an unpaired surrogate counts as U+FFFD, as stored).</summary>
    internal static bool IsWithinNameBound(ReadOnlySpan<char> name) =>
        name.Length <= MaxNameBytes && (name.Length * 3 <= MaxNameBytes || Encoding.UTF8.GetByteCount(name) <= MaxNameBytes);

    private static int CompareCodePoints(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                // UTF-16 orders surrogates (U+D800..U+DFFF, the code points above U+FFFF) below U+E000..U+FFFF; moving them
                // above gives code point order.
                return Fixup(a[i]) - Fixup(b[i]);
            }
        }

        return a.Length - b.Length;
    }

    private static int Fixup(char c) => c >= '\uE000' ? c - 0x800 : c >= '\uD800' ? c + 0x2000 : c;
}
