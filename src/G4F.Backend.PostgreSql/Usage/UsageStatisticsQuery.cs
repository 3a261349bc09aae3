using System.Collections.ObjectModel;
using System.Text;
using G4F.Backend.Usage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Usage;

/// <summary>
/// <c>/stats</c> computed in the database: one scan of the window's running totals (<c>g4f_usage_totals</c>, a row per
/// day, user, model and provider, kept by the insert trigger of migration 4) grouped by day, model, provider and user at once
/// (grouping sets), sums saturating at <see cref="long.MaxValue"/> as the embedded aggregator's do. The few group rows
/// are ordered here, by total tokens descending then name ordinally, exactly as the embedded store orders them.
/// </summary>
internal static class UsageStatisticsQuery
{
    private const string Sums = """
        coalesce(sum(requests), 0)::bigint,
        LEAST(coalesce(sum(prompt_tokens), 0), 9223372036854775807)::bigint,
        LEAST(coalesce(sum(completion_tokens), 0), 9223372036854775807)::bigint,
        LEAST(coalesce(sum(saved_tokens), 0), 9223372036854775807)::bigint,
        LEAST(coalesce(sum(total_tokens), 0), 9223372036854775807)::bigint
        """;

    public static string Sql(bool filterByUser) => $"""
        SELECT GROUPING(day, model, provider, user_name), day, model, provider, user_name, {Sums}
        FROM g4f_usage_totals
        WHERE day BETWEEN $1 AND $2{(filterByUser ? " AND user_name = $3" : "")}
        GROUP BY GROUPING SETS ((day), (model), (provider), (user_name), ())
        """;

    public static async Task<UsageStatistics> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var days = new List<UsageDay>();
        var models = new List<(string Name, UsageTotals Totals)>();
        var providers = new List<(string Name, UsageTotals Totals)>();
        var users = new List<(string Name, UsageTotals Totals)>();
        var totals = new UsageTotals(0, 0, 0, 0, 0);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // GROUPING(...) has a bit per column, set when the column is not grouped: 0b0111 is the day row, and so on.
            var grouping = reader.GetInt32(0);
            var sums = new UsageTotals(reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
            switch (grouping)
            {
                case 0b0111:
                    days.Add(new UsageDay(reader.GetFieldValue<DateOnly>(1), sums.Requests, sums.PromptTokens, sums.CompletionTokens, sums.SavedTokens, sums.TotalTokens));
                    break;
                case 0b1011:
                    models.Add((Name(reader, 2), sums));
                    break;
                case 0b1101:
                    providers.Add((Name(reader, 3), sums));
                    break;
                case 0b1110:
                    users.Add((Name(reader, 4), sums));
                    break;
                default:
                    totals = sums;
                    break;
            }
        }

        return new UsageStatistics(days.OrderBy(d => d.Date).ToList().AsReadOnly(), Ordered(models), Ordered(providers), Ordered(users), totals);
    }

    private static string Name(NpgsqlDataReader reader, int ordinal) => Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(ordinal));

    private static ReadOnlyDictionary<string, UsageTotals> Ordered(List<(string Name, UsageTotals Totals)> groups)
    {
        var ordered = new OrderedDictionary<string, UsageTotals>(groups.Count, StringComparer.Ordinal);
        foreach (var (name, totals) in groups.OrderByDescending(g => g.Totals.TotalTokens).ThenBy(g => g.Name, StringComparer.Ordinal))
        {
            // Two stored names that decode to one string (invalid UTF-8 cannot be stored, so only in theory) are summed by the first.
            ordered.TryAdd(name, totals);
        }

        // ReadOnlyDictionary enumerates its inner dictionary, so the order survives.
        return new ReadOnlyDictionary<string, UsageTotals>(ordered);
    }
}
