namespace G4F.Backend.Memory;

/// <summary>
/// Collects conditions into one <see cref="MemoryFilter"/>: repeated conditions are all kept (sets intersect,
/// ranges narrow), which is what AND means. Time bounds are in Unix milliseconds.
/// </summary>
internal sealed class MemoryFilterBuilder
{
    private static readonly long MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private HashSet<string>? _conversations;
    private HashSet<string>? _roles;
    private long? _createdFrom;
    private long? _createdTo;
    private long? _updatedFrom;
    private long? _updatedTo;

    public void ConversationIds(IEnumerable<string> ids) => Intersect(ref _conversations, ids);

    public void Roles(IEnumerable<string> roles) => Intersect(ref _roles, roles);

    public void CreatedFrom(long ms) => _createdFrom = Math.Max(_createdFrom ?? long.MinValue, ms);

    public void CreatedTo(long ms) => _createdTo = Math.Min(_createdTo ?? long.MaxValue, ms);

    public void UpdatedFrom(long ms) => _updatedFrom = Math.Max(_updatedFrom ?? long.MinValue, ms);

    public void UpdatedTo(long ms) => _updatedTo = Math.Min(_updatedTo ?? long.MaxValue, ms);

    /// <summary>The filter, or null when no condition was given.</summary>
    public MemoryFilter? Build()
    {
        if (_conversations is null && _roles is null && _createdFrom is null && _createdTo is null && _updatedFrom is null && _updatedTo is null)
        {
            return null;
        }

        return new MemoryFilter
        {
            ConversationIds = _conversations,
            Roles = _roles,
            CreatedFrom = Instant(_createdFrom),
            CreatedTo = Instant(_createdTo),
            UpdatedFrom = Instant(_updatedFrom),
            UpdatedTo = Instant(_updatedTo),
        };
    }

    private static void Intersect(ref HashSet<string>? set, IEnumerable<string> values)
    {
        if (set is null)
        {
            set = new HashSet<string>(values, StringComparer.Ordinal);
        }
        else
        {
            set.IntersectWith(values);
        }
    }

    // A bound outside the calendar's range is the calendar's end: nothing is stored before or after it.
    private static DateTimeOffset? Instant(long? ms) =>
        ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(value, MinMs, MaxMs)) : null;
}
