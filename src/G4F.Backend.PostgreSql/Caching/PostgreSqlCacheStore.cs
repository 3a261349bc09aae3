using System.Collections.Concurrent;
using System.Text;
using G4F.Backend.Caching;
using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Caching;

/// <summary>
/// <see cref="ICacheStore"/> in PostgreSQL: one row per cache and key (<c>g4f_cache_entries</c>), the key as UTF-8
/// <c>bytea</c> (any text, NUL included, only ever a parameter). Expiry is read on the registered
/// <see cref="TimeProvider"/>, as the embedded store does; expired rows are deleted when met, and now and then in a batch.
/// </summary>
/// <remarks>
/// Each cache keeps at most its <see cref="CacheLimit"/> (default <see cref="CacheStoreLimits.DefaultMaxEntries"/>) by the
/// embedded store's rule: beyond it the entries that expire first go, never the one just stored. The cap is kept by a
/// sweep after a store, due on this instance every tenth of the limit's stores into that cache or every ten minutes on
/// the clock, whichever comes first: one backward scan of the (cache, expires_at) index over the limit's rows, so a store
/// pays about ten index entries of it on average. Instances sweep one cache in turn (a try of a transaction-scoped
/// advisory lock: the one that misses skips, the next due sweep catches up), so between sweeps a cache may hold a tenth of
/// its limit more per writing instance.
/// </remarks>
internal sealed class PostgreSqlCacheStore(PostgreSqlDatabase database, TimeProvider clock, IEnumerable<CacheLimit> limits) : ICacheStore
{
    private const int SweepOneIn = 64;
    private const int SweepBatch = 500;

    // The two-key advisory lock space of cap sweeps ("g4cc"), apart from the schema migrator's class and the storage locks' one-key space.
    private const int CapLockClass = 0x6734_6363;
    private static readonly TimeSpan CapInterval = TimeSpan.FromMinutes(10);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, int> _limits = limits.GroupBy(l => l.Cache, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().MaxEntries, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CapSchedule> _schedules = new(StringComparer.Ordinal);

    public async Task<byte[]?> GetAsync(string cache, string key, CancellationToken cancellationToken = default)
    {
        var keyBytes = Checked(cache, key);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("SELECT value, expires_at > $3 FROM g4f_cache_entries WHERE cache = $1 AND key = $2", connection);
            AddKey(command, cache, keyBytes);
            command.Parameters.Add(new() { Value = clock.GetUtcNow() });
            byte[]? value = null;
            var expired = false;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    expired = !reader.GetBoolean(1);
                    value = expired ? null : await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                }
            }

            if (expired)
            {
                using var delete = new NpgsqlCommand("DELETE FROM g4f_cache_entries WHERE cache = $1 AND key = $2 AND expires_at <= $3", connection);
                AddKey(delete, cache, keyBytes);
                delete.Parameters.Add(new() { Value = clock.GetUtcNow() });
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return value;
        }
    }

    public async Task<bool> SetAsync(string cache, string key, ReadOnlyMemory<byte> value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var keyBytes = Checked(cache, key);
        var now = clock.GetUtcNow();
        if (value.Length > CacheStoreLimits.MaxEntryBytes || expiresAt <= now)
        {
            return false;
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using (var command = new NpgsqlCommand("""
                INSERT INTO g4f_cache_entries (cache, key, value, expires_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (cache, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                """, connection))
            {
                AddKey(command, cache, keyBytes);
                command.Parameters.Add(new() { Value = value });
                command.Parameters.Add(new() { Value = expiresAt.ToUniversalTime() });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var max = _limits.TryGetValue(cache, out var limit) ? limit : CacheStoreLimits.DefaultMaxEntries;
            if (CapDue(cache, max, now))
            {
                await CapAsync(connection, cache, keyBytes, max, now, cancellationToken).ConfigureAwait(false);
            }

            if (Random.Shared.Next(SweepOneIn) == 0)
            {
                // Keys nobody reads again would stay forever otherwise; a small batch keeps each sweep short.
                using var sweep = new NpgsqlCommand(
                    $"DELETE FROM g4f_cache_entries WHERE ctid IN (SELECT ctid FROM g4f_cache_entries WHERE expires_at <= $1 LIMIT {SweepBatch})", connection);
                sweep.Parameters.Add(new() { Value = now });
                await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
    }

    public async Task<bool> RemoveAsync(string cache, string key, CancellationToken cancellationToken = default)
    {
        var keyBytes = Checked(cache, key);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // An expired value counts as none, as GetAsync would say; the row goes either way.
            using var command = new NpgsqlCommand("DELETE FROM g4f_cache_entries WHERE cache = $1 AND key = $2 RETURNING expires_at > $3", connection);
            AddKey(command, cache, keyBytes);
            command.Parameters.Add(new() { Value = clock.GetUtcNow() });
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
    }

    private bool CapDue(string cache, int max, DateTimeOffset now)
    {
        var schedule = _schedules.GetOrAdd(cache, _ => new CapSchedule());
        var stores = Interlocked.Increment(ref schedule.Stores);
        var next = Volatile.Read(ref schedule.NextTicks);
        if (stores < Math.Max(1, max / 10) && now.UtcTicks < next)
        {
            return false;
        }

        // One caller per due sweep.
        if (Interlocked.CompareExchange(ref schedule.NextTicks, now.UtcTicks + CapInterval.Ticks, next) != next)
        {
            return false;
        }

        Interlocked.Exchange(ref schedule.Stores, 0);
        return true;
    }

    private static async Task CapAsync(NpgsqlConnection connection, string cache, byte[] storedKey, int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using (var turn = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({CapLockClass}, hashtext($1))", connection, transaction))
            {
                turn.Parameters.Add(new() { Value = cache });
                if (await turn.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    // Another instance sweeps this cache right now.
                    return;
                }
            }

            // The entry just stored stays (as in the embedded store): max - 1 others are kept, the ones that expire last;
            // the first one beyond them and all that expire no later go, and expired ones with them.
            using var cap = new NpgsqlCommand("""
                DELETE FROM g4f_cache_entries
                WHERE cache = $1 AND key <> $2 AND (expires_at <= $4 OR expires_at <= (
                    SELECT expires_at FROM g4f_cache_entries WHERE cache = $1 AND key <> $2
                    ORDER BY expires_at DESC OFFSET $3 LIMIT 1))
                """, connection, transaction);
            AddKey(cap, cache, storedKey);
            cap.Parameters.Add(new() { Value = (long)max - 1 });
            cap.Parameters.Add(new() { Value = now });
            await cap.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] Checked(string cache, string key)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(key);
        if (cache.Length is 0 or > CacheStoreLimits.MaxCacheNameLength || !cache.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"A cache name is 1 to {CacheStoreLimits.MaxCacheNameLength} characters of a-z, 0-9 and '-'.", nameof(cache));
        }

        if (key.Length is 0 or > CacheStoreLimits.MaxKeyLength)
        {
            throw new ArgumentException($"A cache key is 1 to {CacheStoreLimits.MaxKeyLength} characters.", nameof(key));
        }

        try
        {
            return StrictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("A cache key must be valid Unicode text.", nameof(key), ex);
        }
    }

    private static void AddKey(NpgsqlCommand command, string cache, byte[] key)
    {
        command.Parameters.Add(new() { Value = cache });
        command.Parameters.Add(new() { Value = key });
    }

    private sealed class CapSchedule
    {
        public long NextTicks;
        public int Stores;
    }
}
