namespace G4F.Backend.Usage;

/// <summary>
/// How <c>/stats</c> counts one usage line (PROTOCOL 5.3), for implementers of <see cref="IUsageLog"/> that compute
/// <see cref="IUsageLog.GetStatisticsAsync"/> themselves (in a database): the line is one request; an absent or negative
/// count is 0; a total that is absent or 0 is prompt plus completion (saturating); an absent user, model or provider is
/// grouped under <see cref="Unknown"/>. The embedded log counts by these same rules.
/// </summary>
public static class UsageCounting
{
    /// <summary>The group of a line without a user, model or provider; also what <c>/stats?user=</c> names them by.</summary>
    public const string Unknown = "unknown";

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
}
