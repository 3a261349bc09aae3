using G4F.Backend.Identity;
using G4F.Backend.Sharing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Sharing;

/// <summary>
/// The owner rule of a share id (the bucket owner rule of the embedded store), decided inside the writer's transaction
/// on a locked owner row: the first identified writer of a new id owns it, nobody else may write it, a deleted chat's
/// owner stays, an administrator may take over an id whose content is gone. A claim made in the transaction is undone
/// with it when the write fails.
/// </summary>
internal static class ShareOwners
{
    // The id's content is its shared chat and its bucket's files (one folder in the embedded store): an id with either is
    // not new, and an administrator takes over only an id with neither.
    private const string HasContent = """
        EXISTS (SELECT 1 FROM g4f_chat_shares WHERE share_id = $1)
            OR EXISTS (SELECT 1 FROM g4f_blobs WHERE bucket_id = $1 AND kind < 10 AND released_at IS NULL)
        """;

    /// <summary>Null when <paramref name="caller"/> may write (a new id is claimed for it), else why not.</summary>
    public static async Task<ChatShareSaveResult?> ClaimAsync(NpgsqlConnection connection, string id, CallerIdentity caller, CancellationToken cancellationToken)
    {
        // Inserting first makes two writers racing for a new id queue on the unique key: the second sees the first's
        // row once it commits (or none, and claims itself, when the first rolled back).
        using (var claim = new NpgsqlCommand($"INSERT INTO g4f_bucket_owners (bucket_id, owner) SELECT $1, $2 WHERE NOT ({HasContent}) ON CONFLICT (bucket_id) DO NOTHING", connection))
        {
            claim.Parameters.Add(new() { Value = id });
            claim.Parameters.Add(new() { Value = caller.UserId! });
            if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return null;
            }
        }

        string? owner;
        using (var read = new NpgsqlCommand("SELECT owner FROM g4f_bucket_owners WHERE bucket_id = $1 FOR UPDATE", connection) { Parameters = { new() { Value = id } } })
        {
            owner = (string?)await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        if (owner is null)
        {
            // Content without an owner: written before identity was configured, an administrator's to manage only.
            return caller.IsAdministrator ? null : ChatShareSaveResult.Forbidden;
        }

        if (string.Equals(owner, caller.UserId, StringComparison.Ordinal))
        {
            return null;
        }

        if (caller.IsAdministrator && owner.Length > 0 && !await HasContentAsync(connection, id, cancellationToken).ConfigureAwait(false))
        {
            using var replace = new NpgsqlCommand("UPDATE g4f_bucket_owners SET owner = $2 WHERE bucket_id = $1", connection);
            replace.Parameters.Add(new() { Value = id });
            replace.Parameters.Add(new() { Value = caller.UserId! });
            await replace.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        return ChatShareSaveResult.Forbidden;
    }

    private static async Task<bool> HasContentAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"SELECT {HasContent}", connection) { Parameters = { new() { Value = id } } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
