using System.Collections.ObjectModel;
using System.Text;
using G4F.Backend.Usage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Usage;

/// <summary>
/// <c>/stats</c> computed in the database: one scan of the window's running totals (<c>g4f_usage_totals</c>, a row per
/// day, user, model and provider, kept by the insert trigger of migration 4) grouped by day, model, provider and user at once
/// (grouping sets), sums saturating at <see cref="long.MaxValue"/> as the embedded aggregator's do. Each dimension is then
/// bounded in the database by the rule of <see cref="UsageCounting"/>: the top <see cref="UsageCounting.MaxListedGroups"/>
/// names by total tokens (ties by UTF-8 bytes, which is <see cref="UsageCounting.NameOrder"/>) and one
/// <see cref="UsageCounting.Other"/> row with the sums of the rest, so at most a few hundred rows come back whatever
/// names were posted. Those rows are ordered here exactly as the embedded store orders them.
/// </summary>
internal static class UsageStatisticsQuery
{
    private const string Max = "9223372036854775807";

    private static readonly string OtherName = "'" + UsageCounting.Other + "'::bytea";

    public static string Sql(bool filterByUser) => $"""
        WITH grouped AS (
            SELECT GROUPING(day, model, provider, user_name) AS kind, day, coalesce(model, provider, user_name) AS name,
                coalesce(sum(requests), 0) AS requests,
                LEAST(coalesce(sum(prompt_tokens), 0), {Max}) AS prompt_tokens,
                LEAST(coalesce(sum(completion_tokens), 0), {Max}) AS completion_tokens,
                LEAST(coalesce(sum(saved_tokens), 0), {Max}) AS saved_tokens,
                LEAST(coalesce(sum(total_tokens), 0), {Max}) AS total_tokens
            FROM g4f_usage_totals
            WHERE day BETWEEN $1 AND $2{(filterByUser ? " AND user_name = $3" : "")}
            GROUP BY GROUPING SETS ((day), (model), (provider), (user_name), ())
        ), marked AS (
            SELECT *, name IS NOT NULL AND name <> {OtherName} AND octet_length(name) <= {UsageCounting.MaxNameBytes} AS listable
            FROM grouped
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY kind, listable ORDER BY total_tokens DESC, name) AS rank
            FROM marked
        )
        SELECT kind, day, CASE WHEN name IS NULL OR (listable AND rank <= {UsageCounting.MaxListedGroups}) THEN name ELSE {OtherName} END,
            LEAST(sum(requests), {Max})::bigint,
            LEAST(sum(prompt_tokens), {Max})::bigint,
            LEAST(sum(completion_tokens), {Max})::bigint,
            LEAST(sum(saved_tokens), {Max})::bigint,
            LEAST(sum(total_tokens), {Max})::bigint
        FROM ranked
        GROUP BY 1, 2, 3
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
            var sums = new UsageTotals(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
            switch (grouping)
            {
                case 0b0111:
                    days.Add(new UsageDay(reader.GetFieldValue<DateOnly>(1), sums.Requests, sums.PromptTokens, sums.CompletionTokens, sums.SavedTokens, sums.TotalTokens));
                    break;
                case 0b1011:
                    models.Add((Name(reader), sums));
                    break;
                case 0b1101:
                    providers.Add((Name(reader), sums));
                    break;
                case 0b1110:
                    users.Add((Name(reader), sums));
                    break;
                default:
                    totals = sums;
                    break;
            }
        }

        return new UsageStatistics(days.OrderBy(d => d.Date).ToList().AsReadOnly(), Ordered(models), Ordered(providers), Ordered(users), totals);
    }

    private static string Name(NpgsqlDataReader reader) => Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(2));

    private static ReadOnlyDictionary<string, UsageTotals> Ordered(List<(string Name, UsageTotals Totals)> groups)
    {
        var ordered = new OrderedDictionary<string, UsageTotals>(groups.Count, StringComparer.Ordinal);
        foreach (var (name, totals) in groups.OrderByDescending(g => g.Totals.TotalTokens).ThenBy(g => g.Name, UsageCounting.NameOrder))
        {
            // Two stored names that decode to one string (invalid UTF-8 cannot be stored, so only in theory) are summed by the first.
            ordered.TryAdd(name, totals);
        }

        // ReadOnlyDictionary enumerates its inner dictionary, so the order survives.
        return new ReadOnlyDictionary<string, UsageTotals>(ordered);
    }
}
