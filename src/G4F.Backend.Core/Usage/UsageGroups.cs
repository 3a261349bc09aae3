using System.Collections.ObjectModel;

namespace G4F.Backend.Usage;

/// <summary>
/// The groups of one dimension of <c>/stats</c> (models, providers or users) while lines are counted, in bounded memory:
/// at most <see cref="MaxTrackedGroups"/> names are kept, each within <see cref="UsageCounting.MaxNameBytes"/>; every
/// other line counts in <see cref="UsageCounting.Other"/> at once. The answer lists the top
/// <see cref="UsageCounting.MaxListedGroups"/> and folds the rest into <see cref="UsageCounting.Other"/>, so its groups
/// always add up to the totals.
/// </summary>
internal sealed class UsageGroups
{
    /// <summary>
    /// Distinct names kept while counting. Up to this many in the window, the answer is exactly the one a database computes
    /// (the contract); past it a name first seen later counts in <see cref="UsageCounting.Other"/> even if it would have been
    /// among the top. Bounds memory to a few MiB per dimension (names are at most 256 UTF-8 bytes).
    /// </summary>
    public const int MaxTrackedGroups = 10_000;

    private readonly Dictionary<string, UsageCounter> _named = new(StringComparer.Ordinal);
    private readonly UsageCounter _other = new();

    /// <summary>Counts one line of the group <paramref name="name"/> (already <c>unknown</c> when the line has none).</summary>
    public void Add(ReadOnlySpan<char> name, long prompt, long completion, long saved, long total)
    {
        if (!UsageCounting.IsListable(name))
        {
            _other.Add(prompt, completion, saved, total);
            return;
        }

        // Looked up by span, so a name seen before costs no string.
        var lookup = _named.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out var counter))
        {
            if (_named.Count >= MaxTrackedGroups)
            {
                _other.Add(prompt, completion, saved, total);
                return;
            }

            counter = new UsageCounter();
            lookup[name] = counter;
        }

        counter.Add(prompt, completion, saved, total);
    }

    /// <summary>The top groups and <see cref="UsageCounting.Other"/> (when it counted a line), by total tokens descending, then by name.</summary>
    public ReadOnlyDictionary<string, UsageTotals> Build()
    {
        var ranked = _named.OrderByDescending(g => g.Value.TotalTokens).ThenBy(g => g.Key, UsageCounting.NameOrder).ToList();
        foreach (var (_, counter) in ranked.Skip(UsageCounting.MaxListedGroups))
        {
            _other.Add(counter);
        }

        var listed = ranked.Take(UsageCounting.MaxListedGroups).Select(g => (g.Key, g.Value.ToTotals())).ToList();
        if (_other.Requests > 0)
        {
            listed.Add((UsageCounting.Other, _other.ToTotals()));
        }

        return Ordered(listed);
    }

    /// <summary><paramref name="groups"/> ordered by total tokens descending, then by <see cref="UsageCounting.NameOrder"/>.</summary>
    public static ReadOnlyDictionary<string, UsageTotals> Ordered(IReadOnlyCollection<(string Name, UsageTotals Totals)> groups)
    {
        var ordered = new OrderedDictionary<string, UsageTotals>(groups.Count, StringComparer.Ordinal);
        foreach (var (name, totals) in groups.OrderByDescending(g => g.Totals.TotalTokens).ThenBy(g => g.Name, UsageCounting.NameOrder))
        {
            ordered.TryAdd(name, totals);
        }

        // ReadOnlyDictionary enumerates its inner dictionary, so the order survives.
        return new ReadOnlyDictionary<string, UsageTotals>(ordered);
    }
}
