using Npgsql;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// How many items a query matches and how many rows each way of finding them reads (<see cref="MemoryEstimate"/>), by the planner's statistics of the search vectors (<c>pg_stats</c>: the most common
/// lexemes and the share of rows holding each), read at most once every <see cref="Refresh"/>. A word's lexemes carry
/// its user's key, so a lexeme's count is the user's items with that word. Lexemes outside the list count as none: the
/// list holds the frequent ones, which are the ones this is asked about.
/// </summary>
internal sealed class MemoryTermStatistics(TimeProvider clock)
{
    /// <summary>How long one reading of the statistics is used: ANALYZE (autovacuum's, after a tenth of the rows changed) renews them on its own schedule, and a user's bulk import should walk within seconds of it.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    private const string Sql = """
        SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples
        FROM pg_stats s JOIN pg_class c ON c.oid = to_regclass('g4f_memories')
        WHERE s.schemaname = current_schema() AND s.tablename = 'g4f_memories' AND s.attname = 'search'
        """;

    private volatile Snapshot? _snapshot;

    /// <summary>
    /// The share of the items holding all of a phrase's words that are taken to hold them as the phrase: on the bench
    /// corpus (items of 8 to 30 words) two frequent words met as a phrase in a sixth and a twelfth of the items holding
    /// both; for words that do not attract each other the share is about one over the item's length.
    /// </summary>
    public const double PhraseShare = 1.0 / 8;

    /// <summary>
    /// The query's estimate, each part's added up: a word counts its items, a prefix its lexemes' sum; a phrase reads the
    /// items holding all of its words (the user's items, the count of the user's token, times each word's share of them,
    /// as if the words were independent) and matches <see cref="PhraseShare"/> of them. A phrase of two frequent words
    /// counted as its rarest word (before) sent a search that matched some hundred items to walk all of a user's 100k.
    /// </summary>
    public async ValueTask<MemoryEstimate> EstimateAsync(NpgsqlConnection connection, IReadOnlyList<string[]> parts, string userToken, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.ReadAt >= Refresh)
        {
            _snapshot = snapshot = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return Estimate([.. parts.Select(part => part.Select(snapshot.Count).ToArray())], snapshot.Count(userToken));
    }

    /// <summary>The estimate of a query whose parts' lexemes hold <paramref name="parts"/> items each, of a user whose token is in <paramref name="userItems"/>.</summary>
    public static MemoryEstimate Estimate(IReadOnlyList<double[]> parts, double userItems)
    {
        // A user whose token is not among the most common lexemes has fewer items than that list shows; at least as many as any of the words.
        var items = Math.Max(userItems, parts.Count == 0 ? 0 : parts.Max(words => words.Max()));
        var (matches, rows, phraseRows) = (0.0, 0.0, 0.0);
        foreach (var words in parts)
        {
            var all = words.Length == 1 ? words[0] : words.Aggregate(items, (found, word) => found * Math.Min(1, word / Math.Max(1, items)));
            rows += all;
            matches += words.Length == 1 ? all : all * PhraseShare;
            phraseRows += words.Length == 1 ? 0 : all;
        }

        return new MemoryEstimate(matches, rows, items, phraseRows);
    }

    private async Task<Snapshot> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(Sql, connection);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            // No row before the first ANALYZE: nothing is frequent yet.
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
            {
                return new Snapshot(clock.GetUtcNow(), [], []);
            }

            var lexemes = reader.GetFieldValue<string[]>(0);
            var frequencies = reader.GetFieldValue<float[]>(1);
            var rows = Math.Max(0, reader.GetFloat(2));
            var counts = lexemes.Select((_, i) => frequencies[i] * (double)rows).ToArray();
            Array.Sort(lexemes, counts, StringComparer.Ordinal);
            return new Snapshot(clock.GetUtcNow(), lexemes, counts);
        }
    }

    private sealed record Snapshot(DateTimeOffset ReadAt, string[] Lexemes, double[] Counts)
    {
        /// <summary>The items holding <paramref name="lexeme"/>, or for a prefix (ending in <c>*</c>) any lexeme it starts.</summary>
        public double Count(string lexeme)
        {
            var prefix = lexeme.EndsWith('*');
            var key = prefix ? lexeme[..^1] : lexeme;
            var index = Array.BinarySearch(Lexemes, key, StringComparer.Ordinal);
            if (!prefix)
            {
                return index >= 0 ? Counts[index] : 0;
            }

            var sum = 0.0;
            for (var i = index >= 0 ? index : ~index; i < Lexemes.Length && Lexemes[i].StartsWith(key, StringComparison.Ordinal); i++)
            {
                sum += Counts[i];
            }

            return sum;
        }
    }
}
