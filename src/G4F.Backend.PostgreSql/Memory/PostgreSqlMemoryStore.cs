using System.Data;
using System.Text;
using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// <see cref="IMemoryStore"/> in PostgreSQL: one row per item (<c>g4f_memories</c>), text as UTF-8 <c>bytea</c> (any
/// text, NUL included), and a <c>tsvector</c> the store builds with the embedded store's word rules, indexed by GIN.
/// A search is one statement: the query's words, keyed by the user as the user's vectors are (<see cref="MemoryUser"/>),
/// meet the user's posting lists in the GIN index, <c>user_id</c> is compared as well (the key only narrows, it never
/// isolates), and <c>ts_rank</c> orders the matches.
/// </summary>
internal sealed class PostgreSqlMemoryStore(PostgreSqlDatabase database, TimeProvider clock) : IMemoryStore
{
    /// <summary>
    /// A search ranks at most this many matches, the user's newest: all of them for words a user names in some hundreds
    /// or a few thousand items, while a word in most of 100k items costs this many rows instead of all of them.
    /// </summary>
    public const int MaxCandidates = 2_000;

    private readonly MemoryTermStatistics _statistics = new(clock);

    /// <summary>The cap a search uses: <see cref="MaxCandidates"/>, smaller in tests that show the bound.</summary>
    public int Candidates { get; init; } = MaxCandidates;

    /// <summary>Whether a search walks (true) or looks up its candidates in GIN (false): by the estimate (<see cref="MemoryEstimate"/>) when null, as in use; tests of both ways set it.</summary>
    public bool? Walk { get; init; }

    /// <summary>Bytes of texts one read of a page or search holds (<see cref="PostgreSqlMemoryReads.Budget"/>), smaller in tests of the batches.</summary>
    public long ReadBudget { get; init; } = PostgreSqlMemoryReads.Budget;

    // One statement for the whole conversation: unnest turns the arrays into rows. Unchanged items keep their
    // updated_at: the WHERE makes the conflict a no-op for them.
    private const string UpsertSql = """
        INSERT INTO g4f_memories AS m (id, user_id, conversation_id, position, role, content, created_at, updated_at, search)
        SELECT r.id, $1, $2, r.position, r.role, r.content, $3, $3, r.search::tsvector
        FROM unnest($4::text[], $5::integer[], $6::bytea[], $7::bytea[], $8::text[]) AS r (id, position, role, content, search)
        ON CONFLICT (user_id, conversation_id, position) DO UPDATE
            SET role = excluded.role, content = excluded.content, updated_at = excluded.updated_at, search = excluded.search
            WHERE m.role <> excluded.role OR m.content <> excluded.content
        """;

    private const string PruneSql = "DELETE FROM g4f_memories WHERE user_id = $1 AND conversation_id = $2 AND position <> ALL($3::integer[])";

    public async Task<int> AddConversationAsync(string userId, string conversationId, IReadOnlyList<MemoryMessage> messages, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        MemoryIds.ThrowIfInvalidConversationId(conversationId);
        ArgumentNullException.ThrowIfNull(messages);
        var (token, key) = MemoryUser.Of(userId);
        var rows = new List<(int Position, string Id, byte[] Role, byte[] Content, string Search)>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is { Content.Length: > 0 } message)
            {
                rows.Add((i, MemoryIds.ItemId(userId, conversationId, i), Encoding.UTF8.GetBytes(message.Role ?? string.Empty), Encoding.UTF8.GetBytes(message.Content), MemoryVector.Build(message.Content, token, key)));
            }
        }

        var (user, conversation) = (Encoding.UTF8.GetBytes(userId), Encoding.UTF8.GetBytes(conversationId));
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var upsert = new NpgsqlCommand(UpsertSql, connection))
                {
                    upsert.Parameters.Add(new() { Value = user });
                    upsert.Parameters.Add(new() { Value = conversation });
                    upsert.Parameters.Add(new() { Value = clock.GetUtcNow().ToUnixTimeMilliseconds() });
                    upsert.Parameters.Add(new() { Value = rows.Select(r => r.Id).ToArray() });
                    upsert.Parameters.Add(new() { Value = rows.Select(r => r.Position).ToArray() });
                    upsert.Parameters.Add(new() { Value = rows.Select(r => r.Role).ToArray() });
                    upsert.Parameters.Add(new() { Value = rows.Select(r => r.Content).ToArray() });
                    upsert.Parameters.Add(new() { Value = rows.Select(r => r.Search).ToArray() });
                    await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // The post is the conversation as it is now: positions it no longer has (or that became empty) go.
                using (var prune = new NpgsqlCommand(PruneSql, connection))
                {
                    prune.Parameters.Add(new() { Value = user });
                    prune.Parameters.Add(new() { Value = conversation });
                    prune.Parameters.Add(new() { Value = rows.Select(r => r.Position).ToArray() });
                    await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return rows.Count;
            }
        }
    }

    public async Task<MemoryPage> ListAsync(string userId, MemoryFilter? filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var user = Encoding.UTF8.GetBytes(userId);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One snapshot for the count and the page.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                int total;
                using (var count = new NpgsqlCommand { Connection = connection })
                {
                    // Without a condition, the user's count kept by the triggers of migration 6 (one row, in this snapshot
                    // as well); with one, the user's rows that pass it are counted. The filter's own SQL says which.
                    var conditions = new StringBuilder();
                    count.Parameters.Add(new() { Value = user });
                    MemoryFilterSql.Append(conditions, count, filter);
                    count.CommandText = conditions.Length == 0
                        ? "SELECT coalesce((SELECT items FROM g4f_memory_counts WHERE user_id = $1), 0)"
                        : "SELECT count(*) FROM g4f_memories m WHERE m.user_id = $1" + conditions;
                    total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                PostgreSqlMemoryReads reads;
                using (var list = new NpgsqlCommand { Connection = connection })
                {
                    // The page's keys first, from the (user_id, created_at, seq) index alone, then only its rows: an OFFSET
                    // over whole rows read every skipped row from the table (100 ms for a page deep in 10k items). The skip
                    // starts at the nearer end of the user's items (MemoryPageWindow), so it passes at most half of them.
                    // The rows are then read as the index range between the page's newest and oldest keys (the page is a
                    // run of that order, and the filter is applied again): a few index pages and the rows' own pages,
                    // where looking up each key by seq read four pages a row (400 of a page's buffers).
                    var window = MemoryPageWindow.Of(total, page, pageSize);
                    var sql = new StringBuilder("WITH p AS MATERIALIZED (SELECT m.created_at, m.seq FROM g4f_memories m WHERE m.user_id = $1");
                    list.Parameters.Add(new() { Value = user });
                    MemoryFilterSql.Append(sql, list, filter);
                    list.Parameters.Add(new() { Value = window.Limit });
                    list.Parameters.Add(new() { Value = window.Offset });
                    var order = window.OldestFirst ? "ASC" : "DESC";
                    sql.Append($"""
                         ORDER BY m.created_at {order}, m.seq {order} LIMIT ${list.Parameters.Count - 1} OFFSET ${list.Parameters.Count})
                        SELECT {PostgreSqlMemoryReads.Columns(ReadBudget)} FROM g4f_memories m WHERE m.user_id = $1
                            AND (m.created_at, m.seq) <= (SELECT created_at, seq FROM p ORDER BY created_at DESC, seq DESC LIMIT 1)
                            AND (m.created_at, m.seq) >= (SELECT created_at, seq FROM p ORDER BY created_at, seq LIMIT 1)
                        """);
                    MemoryFilterSql.Append(sql, list, filter);
                    sql.Append(" WINDOW w AS (ORDER BY m.created_at DESC, m.seq DESC) ORDER BY m.created_at DESC, m.seq DESC");
                    list.CommandText = sql.ToString();
                    var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        reads = await PostgreSqlMemoryReads.ReadAsync(reader, scoreOrdinal: -1, database, user, filter, ReadBudget, cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new MemoryPage(total, reads.EnumerateAsync(static (item, _) => item));
            }
        }
    }

    public async Task<IAsyncEnumerable<MemorySearchResult>> SearchAsync(string userId, string query, MemoryFilter? filter, int limit, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var user = MemoryUser.Of(userId);
        if (MemoryQuery.Build(query, user.Key) is not { } words)
        {
            return AsyncEnumerable.Empty<MemorySearchResult>();
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var search = new NpgsqlCommand { Connection = connection };
            // The words carry the user's key, so the GIN look-up reads the user's posting lists alone. The candidates are the
            // user's newest matches, at most Candidates: every match of a rare word, found by GIN (user_id compared in a form
            // no index serves: the planner, assuming the key and the user independent, ANDed the user's whole btree range
            // in, 100k entries); when the estimate finds it cheaper (frequent words, a phrase of them), the user's newest items
            // in index order, stopping at the cap (the match in a form whose selectivity the planner takes as 0.5, so it
            // keeps to the walk). The rank is taken in the scan,
            // so the sorts carry (seq, ctid, created_at, rank) instead of each vector (sorting the GIN matches with their vectors
            // was a third of a rare word's time); the columns are read for the top ones alone, by the row's address (ctid) that
            // the scan saw: one page each, where looking them up by seq read the primary key's three levels as well (300 of a
            // 100-result search's buffers). The address is the row version this statement's snapshot ranked, so it is that
            // version that is read (a row visible to a running statement is never pruned or moved).
            var walk = Walk ?? (await _statistics.EstimateAsync(connection, words.Parts, user.Token, cancellationToken).ConfigureAwait(false)).Walk(Candidates);
            search.Parameters.Add(new() { Value = words.Text });
            var userBytes = Encoding.UTF8.GetBytes(userId);
            search.Parameters.Add(new() { Value = userBytes });
            var sql = new StringBuilder($"""
                SELECT {PostgreSqlMemoryReads.Columns(ReadBudget)}, r.relevance FROM (
                    SELECT c.seq, c.tid, c.relevance FROM (
                        SELECT m.seq, m.ctid AS tid, ts_rank(m.search, $1::tsquery, 1) AS relevance FROM g4f_memories m
                        WHERE {(walk ? "CASE WHEN m.search @@ $1::tsquery THEN true END AND m.user_id = $2" : "m.search @@ $1::tsquery AND (m.user_id = $2) IS TRUE")}
                """);
            MemoryFilterSql.Append(sql, search, filter);
            search.Parameters.Add(new() { Value = (long)Candidates });
            search.Parameters.Add(new() { Value = (long)limit });
            sql.Append($"""

                        ORDER BY m.created_at DESC, m.seq DESC LIMIT ${search.Parameters.Count - 1}) c
                    ORDER BY relevance DESC, c.seq LIMIT ${search.Parameters.Count}) r
                JOIN g4f_memories m ON m.ctid = r.tid
                WINDOW w AS (ORDER BY r.relevance DESC, r.seq)
                ORDER BY r.relevance DESC, r.seq
                """);
            search.CommandText = sql.ToString();
            var reader = await search.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var reads = await PostgreSqlMemoryReads.ReadAsync(reader, scoreOrdinal: 9, database, userBytes, filter, ReadBudget, cancellationToken).ConfigureAwait(false);
                return reads.EnumerateAsync(static (item, rank) => new MemorySearchResult(item, Score(rank)));
            }
        }
    }

    // ts_rank is at least 0, higher is better; the score squeezes it into [0, 1).
    private static double Score(float rank)
    {
        var positive = Math.Max(0, rank);
        return Math.Round(positive / (1 + positive), 6);
    }

    public async Task<bool> DeleteAsync(string userId, string memoryId, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentNullException.ThrowIfNull(memoryId);

        // A text parameter cannot hold NUL (the server refuses the statement, 22021); no stored id has one (they are UUIDs).
        if (memoryId.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        return await ExecuteAsync("DELETE FROM g4f_memories WHERE user_id = $1 AND id = $2", [Encoding.UTF8.GetBytes(userId), memoryId], cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        return await ExecuteAsync("DELETE FROM g4f_memories WHERE user_id = $1", [Encoding.UTF8.GetBytes(userId)], cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new() { Value = value });
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
