using System.Runtime.CompilerServices;
using G4F.Backend.Credentials;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Credentials;

/// <summary>
/// <see cref="ICookieFileStore"/> in PostgreSQL: one row per file name (<c>g4f_cookie_files</c>). The order of uploads
/// comes from a sequence, not a clock, so instances with skewed clocks still agree which upload is the newest; the
/// version is the row count with the newest sequence value: one round trip that sends no file content.
/// </summary>
internal sealed class PostgreSqlCookieFileStore(PostgreSqlDatabase database) : ICookieFileStore
{
    public async Task SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        StoredNames.ThrowIfInvalid(fileName, nameof(fileName));
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("""
                INSERT INTO g4f_cookie_files (file_name, content, written) VALUES ($1, $2, nextval('g4f_cookie_files_written'))
                ON CONFLICT (file_name) DO UPDATE SET content = excluded.content, written = excluded.written
                """, connection);
            command.Parameters.Add(new() { Value = fileName });
            command.Parameters.Add(new() { Value = content });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string?> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Every save takes a new sequence value, so it raises the maximum; a row deleted by hand lowers the count.
            using var command = new NpgsqlCommand("SELECT count(*)::text || ':' || coalesce(max(written), 0)::text FROM g4f_cookie_files", connection);
            return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CookieFile>> ListAsync(long maxFileBytes, CancellationToken cancellationToken = default)
    {
        var files = new List<CookieFile>();
        await foreach (var file in ReadEachAsync(maxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            files.Add(file);
        }

        return files;
    }

    // Row by row from one query: the caller holds one file's bytes at a time (and the connection while it reads).
    public async IAsyncEnumerable<CookieFile> ReadEachAsync(long maxFileBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFileBytes);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Cut in the server one byte past the limit: an oversized upload is never sent whole, and the backend
            // still sees that it is too large.
            using var command = new NpgsqlCommand("SELECT file_name, substring(content FROM 1 FOR $1) FROM g4f_cookie_files ORDER BY written", connection);
            command.Parameters.Add(new() { Value = (int)Math.Min(maxFileBytes + 1, int.MaxValue) });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return new CookieFile(reader.GetString(0), await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false));
                }
            }
        }
    }
}
