namespace G4F.Backend.Usage;

/// <summary>
/// Sums usage lines into <see cref="UsageStatistics"/> (PROTOCOL 5.3) by the rules of <see cref="UsageCounting"/>.
/// Feed the days in order (<see cref="BeginDay"/>, then that day's lines). Memory is bounded whatever the lines hold:
/// the days (at most 365) and per dimension the groups of <see cref="UsageGroups"/>.
/// </summary>
internal sealed class UsageAggregator : ILineSink
{
    private readonly string? _user;
    private readonly UsageLineParser _parser = new();
    private readonly UsageGroups _models = new();
    private readonly UsageGroups _providers = new();
    private readonly UsageGroups _users = new();
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
        _models.Add(OrUnknown(_parser.Model), prompt, completion, saved, total);
        _providers.Add(OrUnknown(_parser.Provider), prompt, completion, saved, total);
        _users.Add(user, prompt, completion, saved, total);
        _totals.Add(prompt, completion, saved, total);
    }

    public UsageStatistics Build()
    {
        CloseDay();
        return new UsageStatistics(_days.AsReadOnly(), _models.Build(), _providers.Build(), _users.Build(), _totals.ToTotals());
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
}
