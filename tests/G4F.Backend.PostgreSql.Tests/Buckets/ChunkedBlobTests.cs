using System.Security.Cryptography;
using G4F.Backend.Buckets;
using G4F.Backend.PostgreSql.Blobs;
using G4F.Backend.PostgreSql.Buckets;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Buckets;

/// <summary>How blobs sit in PostgreSQL: whole chunks, a reader of a replaced version finishing it, nothing left of a failed write.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ChunkedBlobTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task A_reader_that_opened_a_version_reads_it_to_the_end_after_another_instance_replaces_and_deletes_it()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (reader, writer) = (new PostgreSqlBucketStore(database.NewInstance()), new PostgreSqlBucketStore(database.NewInstance()));
        var key = new BucketFileKey(Guid.NewGuid().ToString(), BucketArea.Media, "song.mp3");
        var first = BlobStreams.Bytes((3 * PostgreSqlBlobs.ChunkSize) + 17, seed: 31);
        await writer.WriteAsync(key, BlobStreams.ForwardOnly(first), CancellationToken.None);

        await using var blob = (await reader.OpenReadAsync(key, CancellationToken.None))!;
        var head = new byte[100];
        await blob.Content.ReadExactlyAsync(head);
        await writer.WriteAsync(key, new MemoryStream(BlobStreams.Bytes(10, seed: 32)), CancellationToken.None);
        (await writer.DeleteAsync(key, CancellationToken.None)).Should().BeTrue();

        var rest = new MemoryStream();
        await blob.Content.CopyToAsync(rest);
        head.Concat(rest.ToArray()).Should().Equal(first);
        (await reader.OpenReadAsync(key, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_replaced_or_deleted_version_leaves_no_rows_behind()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var store = new PostgreSqlBucketStore(database.Instance);
        var key = new BucketFileKey(Guid.NewGuid().ToString(), BucketArea.Media, "photo.png");
        var other = key with { Name = "other.png" };
        await store.WriteAsync(key, new MemoryStream(BlobStreams.Bytes(PostgreSqlBlobs.ChunkSize + 5, seed: 35)), CancellationToken.None);
        await store.WriteAsync(other, new MemoryStream(BlobStreams.Bytes(10, seed: 36)), CancellationToken.None);

        var replacement = BlobStreams.Bytes(20, seed: 37);
        await store.WriteAsync(key, new MemoryStream(replacement), CancellationToken.None);
        (await ChunksAsync(database, key.BucketId)).Should().HaveCount(2, "only the two current versions keep rows, one chunk each");

        (await store.DeleteAsync(key, CancellationToken.None)).Should().BeTrue();
        (await ChunksAsync(database, key.BucketId)).Should().ContainSingle("a delete deletes the rows, not only marks them");

        (await store.DeleteBucketAsync(key.BucketId, CancellationToken.None)).Should().BeTrue();
        (await ChunksAsync(database, key.BucketId)).Should().BeEmpty();
        (await BlobRowsAsync(database, key.BucketId)).Should().Be(0, "no version row stays released");
    }

    [Fact]
    public async Task A_blob_is_stored_in_whole_chunks_and_a_failed_write_leaves_no_rows()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var store = new PostgreSqlBucketStore(database.Instance);
        var key = new BucketFileKey(Guid.NewGuid().ToString(), BucketArea.Document, "big.md");
        var bytes = BlobStreams.Bytes((2 * PostgreSqlBlobs.ChunkSize) + 1, seed: 33);
        await store.WriteAsync(key, BlobStreams.ForwardOnly(bytes), CancellationToken.None);
        var before = await ChunksAsync(database, key.BucketId);

        var act = () => store.WriteAsync(key, BlobStreams.ForwardOnly(BlobStreams.Bytes(5 * PostgreSqlBlobs.ChunkSize, seed: 34), failAfter: 3 * PostgreSqlBlobs.ChunkSize), CancellationToken.None);
        await act.Should().ThrowAsync<IOException>();

        (await ChunksAsync(database, key.BucketId)).Should().Equal(before);
        before.Where(c => c.Length != PostgreSqlBlobs.ChunkSize).Should().ContainSingle().Which.Length.Should().Be(1, "only the last chunk is short");
        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
        SHA256.HashData(blob.Content).Should().Equal(SHA256.HashData(bytes), "a synchronous reader gets the same bytes");
    }

    private static async Task<long> BlobRowsAsync(TestDatabase database, string bucketId)
    {
        var connection = await database.Instance.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            using var command = new NpgsqlCommand("SELECT count(*) FROM g4f_blobs WHERE bucket_id = $1", connection);
            command.Parameters.Add(new() { Value = bucketId });
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    private static async Task<List<(long Blob, int Chunk, int Length)>> ChunksAsync(TestDatabase database, string bucketId)
    {
        var connection = await database.Instance.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            using var command = new NpgsqlCommand("SELECT c.blob_id, c.chunk, octet_length(c.data) FROM g4f_blob_chunks c JOIN g4f_blobs b USING (blob_id) WHERE b.bucket_id = $1 ORDER BY c.blob_id, c.chunk", connection);
            command.Parameters.Add(new() { Value = bucketId });
            var reader = await command.ExecuteReaderAsync();
            await using (reader)
            {
                var chunks = new List<(long, int, int)>();
                while (await reader.ReadAsync())
                {
                    chunks.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)));
                }

                return chunks;
            }
        }
    }
}
