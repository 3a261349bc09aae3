using System.Buffers;
using System.Data;
using System.Runtime.CompilerServices;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Storage;
using G4F.Backend.Storage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Blobs;

/// <summary>
/// The blob table both blob stores share (<c>g4f_blobs</c> and <c>g4f_blob_chunks</c>): a name's current version, its
/// bytes in <see cref="ChunkSize"/> chunks. A write streams the input chunk by chunk into a new version in one
/// transaction and makes it current at the end, so readers see the old version or the new one whole and a failed write
/// leaves nothing; memory stays at one chunk. A replaced or deleted version's rows are deleted in the statement that
/// replaces or deletes it; a reader that opened it reads on from its transaction's snapshot (<see cref="ChunkedBlobStream"/>).
/// Versions an earlier release only marked released (<c>released_at</c>) are swept after <see cref="ReleaseGrace"/>.
/// </summary>
internal sealed class PostgreSqlBlobs(PostgreSqlDatabase database)
{
    /// <summary>Bytes a chunk row holds (the last chunk of a blob holds the rest).</summary>
    public const int ChunkSize = 256 * 1024;

    /// <summary>The kinds from this one up are media; below are bucket areas.</summary>
    public const short FirstMediaKind = 10;

    /// <summary>How long a version an earlier release marked released stays before the sweep deletes it.</summary>
    public static readonly TimeSpan ReleaseGrace = TimeSpan.FromHours(1);

    // The two-key advisory locks: a class of their own ("g4bl"), apart from the schema's and the one-key storage locks.
    private const int LockClass = 0x6734_626C;
    private const int SweepOneIn = 16;
    private const int SweepBatch = 100;

    private const string CurrentSql = "SELECT blob_id, length, written_at FROM g4f_blobs WHERE bucket_id = $1 AND kind = $2 AND name = $3 AND released_at IS NULL";

    // The current version's row, its chunks with it (ON DELETE CASCADE).
    private const string DeleteCurrentSql = "DELETE FROM g4f_blobs WHERE bucket_id = $1 AND kind = $2 AND name = $3 AND released_at IS NULL";

    public async Task<StoredBlob?> OpenAsync(short kind, string bucketId, string name, CancellationToken cancellationToken)
    {
        // The stream holds its connection until it is disposed, a download until the client took the last byte: it is a
        // reader of the readers' bound, so open readers never hold more of the pool than the bound, whatever the clients do.
        var reader = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        StoredBlob? blob = null;
        try
        {
            // The version is found in the snapshot the reads will use, so a delete committed after this finds the reader
            // still reading it; the stream owns the reader's connection and the transaction from here.
            transaction = await reader.Connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            if (await CurrentAsync(reader.Connection, transaction, kind, bucketId, name, cancellationToken).ConfigureAwait(false) is { } current)
            {
                blob = new StoredBlob(new ChunkedBlobStream(reader, transaction, current.BlobId, current.Length), current.Length, current.WrittenAt);
            }

            return blob;
        }
        finally
        {
            if (blob is null)
            {
                try
                {
                    if (transaction is not null)
                    {
                        await transaction.DisposeAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    // Not found, or failed on the way (cancelled): the connection goes back, then the slot.
                    await reader.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<(long Length, DateTimeOffset WrittenAt)?> InfoAsync(short kind, string bucketId, string name, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await CurrentAsync(connection, null, kind, bucketId, name, cancellationToken).ConfigureAwait(false) is { } current ? (current.Length, current.WrittenAt) : null;
        }
    }

    public async Task<(long Length, DateTimeOffset WrittenAt)> WriteAsync(short kind, string bucketId, string name, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // The new version is neither current nor sweepable ('infinity') until it is whole.
                    long blobId;
                    using (var insert = new NpgsqlCommand("INSERT INTO g4f_blobs (bucket_id, kind, name, length, written_at, released_at) VALUES ($1, $2, $3, 0, now(), 'infinity') RETURNING blob_id", connection))
                    {
                        AddName(insert.Parameters, kind, bucketId, name);
                        blobId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    }

                    var length = 0L;
                    using (var chunk = new NpgsqlCommand("INSERT INTO g4f_blob_chunks (blob_id, chunk, data) VALUES ($1, $2, $3)", connection))
                    {
                        chunk.Parameters.Add(new() { Value = blobId });
                        var index = new NpgsqlParameter<int>();
                        var data = new NpgsqlParameter<ReadOnlyMemory<byte>>();
                        chunk.Parameters.Add(index);
                        chunk.Parameters.Add(data);
                        for (var i = 0; ; i++)
                        {
                            var filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
                            if (filled == 0)
                            {
                                break;
                            }

                            index.TypedValue = i;
                            data.TypedValue = buffer.AsMemory(0, filled);
                            await chunk.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                            length += filled;
                            if (filled < ChunkSize)
                            {
                                break;
                            }
                        }
                    }

                    // Writers of one name take turns from here to the commit, so each swap sees the version the one before
                    // made current (a statement after the lock reads a snapshot taken after the previous writer committed).
                    using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection))
                    {
                        turn.Parameters.Add(new() { Value = LockClass });
                        turn.Parameters.Add(new() { Value = (int)ResourceKey.Of($"blob/{kind}/{bucketId}/{name}") });
                        await turn.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using (var replaced = new NpgsqlCommand(DeleteCurrentSql, connection))
                    {
                        AddName(replaced.Parameters, kind, bucketId, name);
                        await replaced.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    DateTimeOffset writtenAt;
                    using (var current = new NpgsqlCommand("UPDATE g4f_blobs SET released_at = NULL, length = $2, written_at = clock_timestamp() WHERE blob_id = $1 RETURNING written_at", connection))
                    {
                        current.Parameters.Add(new() { Value = blobId });
                        current.Parameters.Add(new() { Value = length });
                        writtenAt = new DateTimeOffset((DateTime)(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    await MaybeSweepAsync(connection, cancellationToken).ConfigureAwait(false);
                    return (length, writtenAt);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<bool> DeleteAsync(short kind, string bucketId, string name, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = new NpgsqlCommand(DeleteCurrentSql, connection);
            AddName(delete.Parameters, kind, bucketId, name);
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            await MaybeSweepAsync(connection, cancellationToken).ConfigureAwait(false);
            return deleted;
        }
    }

    /// <summary>The current versions of <paramref name="kind"/>, of one bucket or (null) of all.</summary>
    public async IAsyncEnumerable<BlobRow> ListAsync(short kind, string? bucketId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var list = new NpgsqlCommand(
                "SELECT bucket_id, name, length, written_at FROM g4f_blobs WHERE kind = $1 AND released_at IS NULL" + (bucketId is null ? string.Empty : " AND bucket_id = $2"),
                connection);
            list.Parameters.Add(new() { Value = kind });
            if (bucketId is not null)
            {
                list.Parameters.Add(new() { Value = bucketId });
            }

            var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return new BlobRow(kind, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3));
                }
            }
        }
    }

    /// <summary>Deletes the released versions whose grace period ended, a batch at a time, now and then.</summary>
    public static async Task MaybeSweepAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (Random.Shared.Next(SweepOneIn) != 0)
        {
            return;
        }

        using var sweep = new NpgsqlCommand(
            "DELETE FROM g4f_blobs WHERE blob_id IN (SELECT blob_id FROM g4f_blobs WHERE released_at < now() - $1 ORDER BY released_at LIMIT $2)",
            connection);
        sweep.Parameters.Add(new() { Value = ReleaseGrace });
        sweep.Parameters.Add(new() { Value = SweepBatch });
        await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current version; in a reader's <paramref name="transaction"/>, which is made read-only in the same round trip.</summary>
    private static async Task<(long BlobId, long Length, DateTimeOffset WrittenAt)?> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, short kind, string bucketId, string name, CancellationToken cancellationToken)
    {
        using var batch = new NpgsqlBatch(connection, transaction);
        if (transaction is not null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"));
        }

        var current = new NpgsqlBatchCommand(CurrentSql);
        AddName(current.Parameters, kind, bucketId, name);
        batch.BatchCommands.Add(current);
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
                : null;
        }
    }

    private static void AddName(NpgsqlParameterCollection parameters, short kind, string bucketId, string name)
    {
        parameters.Add(new() { Value = bucketId });
        parameters.Add(new() { Value = kind });
        parameters.Add(new() { Value = name });
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends: every chunk but the last is whole.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < ChunkSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, ChunkSize - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
