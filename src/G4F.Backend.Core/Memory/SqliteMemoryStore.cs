using System.Globalization;
using System.Text;
using G4F.Backend.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Memory;

/// <summary>
/// The embedded <see cref="IMemoryStore"/>: one SQLite file, <c>memory/memory.db</c> under the data directory,
/// in WAL mode (readers never wait for the writer), with an FTS5 index ranked by BM25.
/// </summary>
/// <remarks>
/// Each call opens a connection from Microsoft.Data.Sqlite's pool and closes it, so no connection is shared
/// between threads. Writes queue on an in-process lock, run in one immediate transaction each and wait up to
/// <see cref="MemoryOptions.BusyTimeout"/> for another process writing the same file. Every value reaches SQL
/// as a parameter, and every query compares <c>user_id</c>.
/// </remarks>
internal sealed class SqliteMemoryStore : IMemoryStore, IDisposable
{
    // After a checkpoint the WAL file shrinks back to this size instead of keeping its high-water mark.
    private const int JournalSizeLimit = 64 * 1024 * 1024;

    // Page cache per connection, filled on demand: SQLite's 2 MiB default keeps too little of the id and
    // (user, conversation, position) indexes once the store holds about a million items; the memory bench
    // inserts about 1.7 times faster with 16 MiB.
    private const int CacheKiB = 16 * 1024;

    private readonly DataPaths _paths;
    private readonly MemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initialization = new(1, 1);

    // SQLite takes one writer at a time; queueing this process's writers here keeps them from polling
    // SQLite's busy handler (sleeps of up to 100 ms), which then only arbitrates between processes. Taken
    // before a connection is opened, so writes keep reusing one connection whose page cache is warm.
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile string? _connectionString;

    public SqliteMemoryStore(DataPaths paths, IOptions<MemoryOptions> options, TimeProvider time)
    {
        _paths = paths;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Characters of texts one read of a page or search holds (<see cref="SqliteMemoryReads.Budget"/>), smaller in tests of the batches.</summary>
    public long ReadBudget { get; init; } = SqliteMemoryReads.Budget;

    /// <summary>The database file.</summary>
    public string DatabasePath => _paths.Combine("memory", "memory.db");

    public async Task<int> AddConversationAsync(string userId, string conversationId, IReadOnlyList<MemoryMessage> messages, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(messages);
        MemoryIds.ThrowIfInvalidConversationId(conversationId);

        var write = new ConversationWrite(userId, conversationId, messages, _time.GetUtcNow().ToUnixTimeMilliseconds());
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await write.ExecuteAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<MemoryPage> ListAsync(string userId, MemoryFilter? filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: the count and the page see the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);

        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        var countSql = new StringBuilder("SELECT COUNT(*) FROM memories m WHERE m.user_id = $user");
        count.Parameters.AddWithValue("$user", userId);
        MemoryFilterSql.Append(countSql, count, filter);
        count.CommandText = countSql.ToString();
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

        using var list = connection.CreateCommand();
        list.Transaction = transaction;
        var listSql = new StringBuilder($"SELECT {SqliteMemoryReads.Columns} FROM memories m WHERE m.user_id = $user");
        list.Parameters.AddWithValue("$user", userId);
        MemoryFilterSql.Append(listSql, list, filter);
        listSql.Append(" ORDER BY m.created_at DESC, m.seq DESC LIMIT $limit OFFSET $offset");
        list.Parameters.AddWithValue("$limit", pageSize);
        list.Parameters.AddWithValue("$offset", (page - 1L) * pageSize);
        list.CommandText = listSql.ToString();
        SqliteMemoryReads reads;
        using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            reads = await SqliteMemoryReads.ReadAsync(reader, scoreOrdinal: -1, OpenAsync, userId, filter, ReadBudget, cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
        return new MemoryPage(total, reads.EnumerateAsync(static (item, _) => item));
    }

    public async Task<IAsyncEnumerable<MemorySearchResult>> SearchAsync(string userId, string query, MemoryFilter? filter, int limit, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (FtsQuery.Build(query) is not { } match)
        {
            return AsyncEnumerable.Empty<MemorySearchResult>();
        }

        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var search = connection.CreateCommand();
        // The user's token narrows the index to the user's rows; the user_id comparison is what isolates users.
        search.Parameters.AddWithValue("$match", $"{{user_token}} : {FtsQuery.Quote(MemoryKeys.UserToken(userId))} AND {{content}} : ({match})");
        search.Parameters.AddWithValue("$user", userId);
        search.Parameters.AddWithValue("$limit", limit);
        var sql = new StringBuilder($"""
            SELECT {SqliteMemoryReads.Columns}, bm25(memories_fts, 1.0, 0.0) AS relevance
            FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
            WHERE memories_fts MATCH $match AND m.user_id = $user
            """);
        MemoryFilterSql.Append(sql, search, filter);
        sql.Append(" ORDER BY relevance, m.seq LIMIT $limit");
        search.CommandText = sql.ToString();
        using var reader = await search.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var reads = await SqliteMemoryReads.ReadAsync(reader, scoreOrdinal: 10, OpenAsync, userId, filter, ReadBudget, cancellationToken).ConfigureAwait(false);
        return reads.EnumerateAsync(static (item, bm25) => new MemorySearchResult(item, Score(bm25)));
    }

    // bm25() is negative, lower is better; the score is its magnitude squeezed into [0, 1).
    private static double Score(double bm25)
    {
        var magnitude = Math.Max(0, -bm25);
        return Math.Round(magnitude / (1 + magnitude), 6);
    }

    public async Task<bool> DeleteAsync(string userId, string memoryId, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        ArgumentNullException.ThrowIfNull(memoryId);
        return await WriteAsync("DELETE FROM memories WHERE user_id = $user AND id = $id;", [("$user", userId), ("$id", memoryId)], cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        MemoryIds.ThrowIfInvalidUserId(userId);
        return await WriteAsync("DELETE FROM memories WHERE user_id = $user;", [("$user", userId)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections of this database (the last close checkpoints the WAL).</summary>
    public void Dispose()
    {
        if (_connectionString is { } connectionString)
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        _initialization.Dispose();
        _writer.Dispose();
    }

    /// <summary>One write statement, under the write lock (taken before a connection is opened, so writes reuse one warm connection).</summary>
    private async Task<int> WriteAsync(string sql, (string Name, string Value)[] parameters, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connectionString = _connectionString ?? await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Configure(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the folder, turns on WAL and migrates the schema, once per store.</summary>
    private async Task<string> InitializeAsync(CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connectionString is { } ready)
            {
                return ready;
            }

            _paths.Folder("memory");
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = DatabasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = (int)Math.Clamp(Math.Ceiling(_options.BusyTimeout.TotalSeconds), 1, int.MaxValue),
            }.ToString();
            using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                Configure(connection);
                Execute(connection, "PRAGMA journal_mode = WAL;");
                MemorySchema.Migrate(connection);
            }

            _connectionString = connectionString;
            return connectionString;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>
    /// Per-connection settings (a pooled connection may be new): wait for a busy writer instead of failing,
    /// sync the WAL at checkpoints only (the usual WAL setting: durable across a process crash, the last
    /// transactions may be lost on power loss), bound the WAL file and enlarge the page cache.
    /// </summary>
    private void Configure(SqliteConnection connection)
    {
        var busyMs = (long)Math.Clamp(_options.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs}; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = {JournalSizeLimit}; PRAGMA cache_size = -{CacheKiB};"));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
