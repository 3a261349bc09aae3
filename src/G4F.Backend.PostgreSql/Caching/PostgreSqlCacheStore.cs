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
internal sealed class PostgreSqlCacheStore(PostgreSqlDatabase database, TimeProvider clock) : ICacheStore
{
    private const int SweepOneIn = 64;
    private const int SweepBatch = 500;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
}
