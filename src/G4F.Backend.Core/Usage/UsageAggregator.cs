using System.Collections.ObjectModel;

namespace G4F.Backend.Usage;

/// <summary>
/// Sums usage lines into <see cref="UsageStatistics"/> (PROTOCOL 5.3) by the rules of <see cref="UsageCounting"/>.
/// Feed the days in order (<see cref="BeginDay"/>, then that day's lines).
/// </summary>
internal sealed class UsageAggregator : ILineSink
{
    private readonly string? _user;
    private readonly UsageLineParser _parser = new();
    private readonly Dictionary<string, UsageCounter> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageCounter> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageCounter> _users = new(StringComparer.Ordinal);
    private readonly List<UsageDay> _days = [];
    private readonly UsageCounter _totals = new();
    private UsageCounter? _day;
    private DateOnly _date;

    /// <param name="user">Count only this user's lines (exact match, <c>unknown</c> for lines without one); null for all.</param>
    public UsageAggregator(string? user) => _user = user;

    /// <summary>The lines that follow belong to <paramref name="date"/>.</summary>
    public void BeginDay(DateOnly date)
    {
        CloseDay();
        _date = date;
    }

    public void OnLine(ReadOnlySpan<byte> line)
    {
        if (!_parser.TryParse(line))
        {
            return;
        }

        var user = OrUnknown(_parser.User);
        if (_user is not null && !user.SequenceEqual(_user))
        {
            return;
        }

        var (prompt, completion, saved, total) = UsageCounting.Normalise(_parser.PromptTokens, _parser.CompletionTokens, _parser.SavedTokens, _parser.TotalTokens);

        (_day ??= new UsageCounter()).Add(prompt, completion, saved, total);
        Group(_models, OrUnknown(_parser.Model)).Add(prompt, completion, saved, total);
        Group(_providers, OrUnknown(_parser.Provider)).Add(prompt, completion, saved, total);
        Group(_users, user).Add(prompt, completion, saved, total);
        _totals.Add(prompt, completion, saved, total);
    }

    public UsageStatistics Build()
    {
        CloseDay();
        return new UsageStatistics(_days.AsReadOnly(), Ordered(_models), Ordered(_providers), Ordered(_users), _totals.ToTotals());
    }

    private void CloseDay()
    {
        if (_day is not null)
        {
            _days.Add(_day.ToDay(_date));
            _day = null;
        }
    }

    private static ReadOnlySpan<char> OrUnknown(ReadOnlySpan<char> name) => name.IsEmpty ? UsageCounting.Unknown : name;

    /// <summary>The group's counter, looked up by span so that a name seen before costs no string.</summary>
    private static UsageCounter Group(Dictionary<string, UsageCounter> groups, ReadOnlySpan<char> name)
    {
        var lookup = groups.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out var counter))
        {
            counter = new UsageCounter();
            lookup[name] = counter;
        }

        return counter;
    }

    private static ReadOnlyDictionary<string, UsageTotals> Ordered(Dictionary<string, UsageCounter> groups)
    {
        var ordered = new OrderedDictionary<string, UsageTotals>(groups.Count, StringComparer.Ordinal);
        foreach (var (name, counter) in groups.OrderByDescending(g => g.Value.TotalTokens).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            ordered.Add(name, counter.ToTotals());
        }

        // ReadOnlyDictionary enumerates its inner dictionary, so the order survives.
        return new ReadOnlyDictionary<string, UsageTotals>(ordered);
    }
}
