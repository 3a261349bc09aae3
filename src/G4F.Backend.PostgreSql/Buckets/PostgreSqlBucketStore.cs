using System.Runtime.CompilerServices;
using G4F.Backend.Buckets;
using G4F.Backend.PostgreSql.Blobs;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Buckets;

/// <summary>
/// <see cref="IBucketStore"/> in PostgreSQL: files as chunked blob versions (<see cref="PostgreSqlBlobs"/>, the kind is
/// the area), owners in <c>g4f_bucket_owners</c>, which the chat share store shares (a share id is a bucket id). As in
/// the embedded store, where a shared chat lives in its bucket's folder, a bucket exists while it has a file or a shared
/// chat, its size counts the chat, and deleting it deletes the chat.
/// </summary>
internal sealed class PostgreSqlBucketStore(PostgreSqlDatabase database) : IBucketStore
{
    private const string HasFiles = "EXISTS (SELECT 1 FROM g4f_blobs WHERE bucket_id = $1 AND kind < 10 AND released_at IS NULL)";
    private const string HasChat = "EXISTS (SELECT 1 FROM g4f_chat_shares WHERE share_id = $1)";

    private readonly PostgreSqlBlobs _blobs = new(database);

    public async Task<bool> ExistsAsync(string bucketId, CancellationToken cancellationToken) =>
        (bool)(await ScalarAsync($"SELECT {HasFiles} OR {HasChat}", StoredNames.ThrowIfInvalid(bucketId, nameof(bucketId)), cancellationToken).ConfigureAwait(false))!;

    public async Task<long> GetSizeAsync(string bucketId, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(
            """
            SELECT (coalesce((SELECT sum(length) FROM g4f_blobs WHERE bucket_id = $1 AND kind < 10 AND released_at IS NULL), 0)
                + coalesce((SELECT octet_length(content) FROM g4f_chat_shares WHERE share_id = $1), 0))::bigint
            """,
            StoredNames.ThrowIfInvalid(bucketId, nameof(bucketId)),
            cancellationToken).ConfigureAwait(false))!;

    public Task<StoredBlob?> OpenReadAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        var (kind, name) = Checked(key);
        return _blobs.OpenAsync(kind, key.BucketId, name, cancellationToken);
    }

    public async Task<BucketEntry?> GetInfoAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        var (kind, name) = Checked(key);
        return await _blobs.InfoAsync(kind, key.BucketId, name, cancellationToken).ConfigureAwait(false) is { } info
            ? new BucketEntry(key, info.Length, info.WrittenAt)
            : null;
    }

    public async Task<BucketEntry> WriteAsync(BucketFileKey key, Stream content, CancellationToken cancellationToken)
    {
        var (kind, name) = Checked(key);
        var (length, writtenAt) = await _blobs.WriteAsync(kind, key.BucketId, name, content, cancellationToken).ConfigureAwait(false);
        return new BucketEntry(key, length, writtenAt);
    }

    public Task<bool> DeleteAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        var (kind, name) = Checked(key);
        return _blobs.DeleteAsync(kind, key.BucketId, name, cancellationToken);
    }

    public async IAsyncEnumerable<BucketEntry> ListAsync(string bucketId, BucketArea area, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (kind, _) = Checked(new BucketFileKey(bucketId, area, "x"));
        await foreach (var row in _blobs.ListAsync(kind, bucketId, cancellationToken).ConfigureAwait(false))
        {
            yield return new BucketEntry(new BucketFileKey(bucketId, area, row.Name), row.Length, row.WrittenAt);
        }
    }

    public async Task<bool> DeleteBucketAsync(string bucketId, CancellationToken cancellationToken)
    {
        StoredNames.ThrowIfInvalid(bucketId, nameof(bucketId));
        // One statement: the files' rows (their chunks with them) and the chat deleted in one step for readers; the owner
        // record stays. A reader that opened a file reads on from its snapshot.
        var deleted = (long)(await ScalarAsync(
            """
            WITH files AS (DELETE FROM g4f_blobs WHERE bucket_id = $1 AND kind < 10 AND released_at IS NULL RETURNING 1),
                chat AS (DELETE FROM g4f_chat_shares WHERE share_id = $1 RETURNING 1)
            SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM chat)
            """,
            bucketId,
            cancellationToken).ConfigureAwait(false))!;
        return deleted > 0;
    }

    public async Task<string?> ReadOwnerAsync(string bucketId, CancellationToken cancellationToken) =>
        (string?)await ScalarAsync("SELECT owner FROM g4f_bucket_owners WHERE bucket_id = $1", StoredNames.ThrowIfInvalid(bucketId, nameof(bucketId)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> ClaimOwnerAsync(string bucketId, string userId, bool replace, CancellationToken cancellationToken)
    {
        StoredNames.ThrowIfInvalid(bucketId, nameof(bucketId));
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement either way: of two claims of a new id the unique key lets exactly one insert.
            using var claim = new NpgsqlCommand(
                "INSERT INTO g4f_bucket_owners (bucket_id, owner) VALUES ($1, $2) ON CONFLICT (bucket_id) " + (replace ? "DO UPDATE SET owner = excluded.owner" : "DO NOTHING"),
                connection);
            claim.Parameters.Add(new() { Value = bucketId });
            claim.Parameters.Add(new() { Value = userId });
            return await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<bool> DeleteOwnerAsync(string bucketId, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(
            "WITH gone AS (DELETE FROM g4f_bucket_owners WHERE bucket_id = $1 RETURNING 1) SELECT count(*) FROM gone",
            StoredNames.ThrowIfInvalid(bucketId, nameof(bucketId)),
            cancellationToken).ConfigureAwait(false))! > 0;

    /// <summary>The kind and stored name of a key; a record name may start with one dot (a hidden marker).</summary>
    private static (short Kind, string Name) Checked(BucketFileKey key)
    {
        StoredNames.ThrowIfInvalid(key.BucketId, nameof(key));
        if (key.Area is < BucketArea.Document or > BucketArea.Record)
        {
            throw new ArgumentOutOfRangeException(nameof(key));
        }

        var name = key.Area == BucketArea.Record && key.Name is ['.', .. var hidden]
            ? "." + StoredNames.ThrowIfInvalid(hidden, nameof(key))
            : StoredNames.ThrowIfInvalid(key.Name, nameof(key));
        return ((short)key.Area, name);
    }

    private async Task<object?> ScalarAsync(string sql, string bucketId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = bucketId } } };
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }
}
