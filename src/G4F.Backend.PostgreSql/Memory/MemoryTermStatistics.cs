using Npgsql;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// How many items a query matches, by the planner's statistics of the search vectors (<c>pg_stats</c>: the most common
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

    /// <summary>The items estimated to match: the parts' sum; a prefix counts its lexemes' sum, a phrase its rarest word.</summary>
    public async ValueTask<double> EstimateAsync(NpgsqlConnection connection, IReadOnlyList<string[]> parts, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.ReadAt >= Refresh)
        {
            _snapshot = snapshot = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return parts.Sum(part => part.Min(snapshot.Count));
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
