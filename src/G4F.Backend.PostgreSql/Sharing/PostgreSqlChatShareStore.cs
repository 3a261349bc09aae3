using G4F.Backend.Identity;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Sharing;
using G4F.Backend.Storage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Sharing;

/// <summary>
/// <see cref="IChatShareStore"/> in PostgreSQL: one row per share (<c>g4f_chat_shares</c>), owners in
/// <c>g4f_bucket_owners</c> (a share id is a bucket id). The owner decision and the write are one transaction whose
/// owner row is locked, and the newer-<c>updated</c>-wins rule is one upsert statement, so instances never interleave.
/// </summary>
internal sealed class PostgreSqlChatShareStore(PostgreSqlDatabase database) : IChatShareStore
{
    // The version rule as one statement: a row is written when there is none, when the new chat has no version (0),
    // or when the stored one is older. RETURNING tells inserted from updated; no row back means nothing was written.
    private const string Upsert = """
        INSERT INTO g4f_chat_shares AS s (share_id, updated, content, written_at) VALUES ($1, $2, $3, clock_timestamp())
        ON CONFLICT (share_id) DO UPDATE SET updated = excluded.updated, content = excluded.content, written_at = excluded.written_at
            WHERE excluded.updated = 0 OR s.updated < excluded.updated
        RETURNING (xmax = 0)
        """;

    public async ValueTask<ChatShareSaveResult> SaveAsync(string shareId, ChatShare chat, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        StoredNames.ThrowIfInvalid(shareId, nameof(shareId));
        ArgumentNullException.ThrowIfNull(chat);
        if (caller is { IsAnonymous: true })
        {
            return ChatShareSaveResult.Unauthenticated;
        }

        // Read whole before the transaction: a body that breaks off changes nothing and claims nothing. A chat is
        // bounded by G4F:Sharing:MaxChatBytes before it reaches the store.
        var content = await ReadAllAsync(chat.Content, cancellationToken).ConfigureAwait(false);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (caller is not null)
                {
                    if (await ShareOwners.ClaimAsync(connection, shareId, caller, cancellationToken).ConfigureAwait(false) is { } refused)
                    {
                        return refused;
                    }
                }

                bool? inserted;
                using (var upsert = new NpgsqlCommand(Upsert, connection))
                {
                    upsert.Parameters.Add(new() { Value = shareId });
                    upsert.Parameters.Add(new() { Value = chat.Updated });
                    upsert.Parameters.Add(new() { Value = content });
                    inserted = (bool?)await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }

                ChatShareSaveResult result;
                if (inserted is { } isNew)
                {
                    result = isNew ? ChatShareSaveResult.Created : ChatShareSaveResult.Replaced;
                }
                else
                {
                    // Not written: the stored version is the same or newer. Read in the same transaction, after the
                    // upsert locked the row, so it is the version that won.
                    using var version = new NpgsqlCommand("SELECT updated FROM g4f_chat_shares WHERE share_id = $1", connection) { Parameters = { new() { Value = shareId } } };
                    var stored = (long)(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    result = stored == chat.Updated ? ChatShareSaveResult.Unchanged : ChatShareSaveResult.Outdated;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    public async ValueTask<ChatShare?> OpenAsync(string shareId, CancellationToken cancellationToken = default)
    {
        StoredNames.ThrowIfInvalid(shareId, nameof(shareId));
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("SELECT updated, content FROM g4f_chat_shares WHERE share_id = $1", connection) { Parameters = { new() { Value = shareId } } };
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                // Version and body come from one row: the version served always belongs to the body served with it.
                var updated = reader.GetInt64(0);
                var body = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
                return new ChatShare(updated, new MemoryStream(body, writable: false));
            }
        }
    }

    public async ValueTask<bool> DeleteAsync(string shareId, CancellationToken cancellationToken = default)
    {
        StoredNames.ThrowIfInvalid(shareId, nameof(shareId));
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("DELETE FROM g4f_chat_shares WHERE share_id = $1", connection) { Parameters = { new() { Value = shareId } } };
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        using var copy = content.CanSeek ? new MemoryStream((int)Math.Min(content.Length - content.Position, Array.MaxLength)) : new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }
}
