using System.Security.Cryptography;
using FluentAssertions;
using G4F.Backend.Buckets;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="IBucketStore"/> guarantees. An implementation's test class derives from it and says how a store
/// and the lock its writers share are made; every test uses bucket ids of its own, so one database may serve them all.
/// </summary>
public abstract class BucketStoreContract
{
    /// <summary>A store to test, with the lock writers of one bucket hold around a check-then-write.</summary>
    /// <returns>The store and its lock.</returns>
    protected abstract ValueTask<(IBucketStore Store, IStorageLock Lock)> CreateStoreAsync();

    /// <summary>A fresh bucket id.</summary>
    /// <returns>The id.</returns>
    protected static string NewBucketId() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Ten_megabytes_round_trip_byte_identical_through_streams()
    {
        var (store, _) = await CreateStoreAsync();
        var key = new BucketFileKey(NewBucketId(), BucketArea.Media, "clip.mp4");
        var bytes = BlobStreams.Bytes(10 * 1024 * 1024, seed: 21);

        var written = await store.WriteAsync(key, BlobStreams.ForwardOnly(bytes), CancellationToken.None);

        written.Length.Should().Be(bytes.Length);
        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
        blob.Length.Should().Be(bytes.Length);
        blob.LastModified.Should().Be(written.LastModified, "the tag of a served file follows its version");
        (await BlobStreams.HashAsync(blob.Content)).Should().Equal(SHA256.HashData(bytes));
        (await store.GetSizeAsync(key.BucketId, CancellationToken.None)).Should().Be(bytes.Length);
    }

    [Fact]
    public async Task An_opened_file_seeks_for_byte_ranges()
    {
        var (store, _) = await CreateStoreAsync();
        var key = new BucketFileKey(NewBucketId(), BucketArea.Thumbnail, "cat.png");
        var bytes = BlobStreams.Bytes(2 * 1024 * 1024, seed: 22);
        await store.WriteAsync(key, BlobStreams.ForwardOnly(bytes), CancellationToken.None);

        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;

        blob.Content.CanSeek.Should().BeTrue();
        blob.Content.Seek(1_500_000, SeekOrigin.Begin);
        var range = new byte[4096];
        await blob.Content.ReadExactlyAsync(range);
        range.Should().Equal(bytes.AsSpan(1_500_000, 4096).ToArray());
    }

    [Fact]
    public async Task A_bucket_exists_from_its_first_write_until_it_is_deleted()
    {
        var (store, _) = await CreateStoreAsync();
        var id = NewBucketId();
        var missing = new BucketFileKey(id, BucketArea.Document, "notes.txt.md");

        (await store.ExistsAsync(id, CancellationToken.None)).Should().BeFalse();
        (await store.OpenReadAsync(missing, CancellationToken.None)).Should().BeNull();
        (await store.GetInfoAsync(missing, CancellationToken.None)).Should().BeNull();
        (await store.DeleteAsync(missing, CancellationToken.None)).Should().BeFalse();
        (await store.DeleteBucketAsync(id, CancellationToken.None)).Should().BeFalse();
        (await store.GetSizeAsync(id, CancellationToken.None)).Should().Be(0);

        await store.WriteAsync(missing, new MemoryStream("text"u8.ToArray()), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey(id, BucketArea.Media, "cat.png"), new MemoryStream(new byte[10]), CancellationToken.None);
        (await store.ExistsAsync(id, CancellationToken.None)).Should().BeTrue();
        (await store.GetSizeAsync(id, CancellationToken.None)).Should().Be(14);

        (await store.DeleteBucketAsync(id, CancellationToken.None)).Should().BeTrue();
        (await store.ExistsAsync(id, CancellationToken.None)).Should().BeFalse();
        (await store.OpenReadAsync(missing, CancellationToken.None)).Should().BeNull();
        (await store.OpenReadAsync(new BucketFileKey(id, BucketArea.Media, "cat.png"), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Areas_keep_one_name_apart_and_list_their_own_files()
    {
        var (store, _) = await CreateStoreAsync();
        var id = NewBucketId();
        var areas = new[] { BucketArea.Document, BucketArea.Media, BucketArea.Thumbnail, BucketArea.Text };
        for (var i = 0; i < areas.Length; i++)
        {
            await store.WriteAsync(new BucketFileKey(id, areas[i], "same.png"), new MemoryStream(new byte[i + 1]), CancellationToken.None);
        }

        await store.WriteAsync(new BucketFileKey(id, BucketArea.Record, "documents.txt"), new MemoryStream("same.png\n"u8.ToArray()), CancellationToken.None);

        for (var i = 0; i < areas.Length; i++)
        {
            (await store.GetInfoAsync(new BucketFileKey(id, areas[i], "same.png"), CancellationToken.None))!.Length.Should().Be(i + 1);
            (await ListAsync(store, id, areas[i])).Should().Equal([new BucketFileKey(id, areas[i], "same.png")], $"{areas[i]} lists its own file");
        }

        (await ListAsync(store, id, BucketArea.Record)).Should().Equal(new BucketFileKey(id, BucketArea.Record, "documents.txt"));
        (await ListAsync(store, NewBucketId(), BucketArea.Document)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_write_replaces_a_file_and_a_delete_removes_only_it()
    {
        var (store, _) = await CreateStoreAsync();
        var id = NewBucketId();
        var key = new BucketFileKey(id, BucketArea.Record, "files.txt");
        await store.WriteAsync(key, new MemoryStream("a\n"u8.ToArray()), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey(id, BucketArea.Document, "a.md"), new MemoryStream("x"u8.ToArray()), CancellationToken.None);

        await store.WriteAsync(key, new MemoryStream("a\nb\n"u8.ToArray()), CancellationToken.None);
        await using (var blob = (await store.OpenReadAsync(key, CancellationToken.None))!)
        {
            new StreamReader(blob.Content).ReadToEnd().Should().Be("a\nb\n");
        }

        (await store.DeleteAsync(key, CancellationToken.None)).Should().BeTrue();
        (await store.OpenReadAsync(key, CancellationToken.None)).Should().BeNull();
        (await store.ExistsAsync(id, CancellationToken.None)).Should().BeTrue("the bucket keeps its other files");
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_the_earlier_file()
    {
        var (store, _) = await CreateStoreAsync();
        var key = new BucketFileKey(NewBucketId(), BucketArea.Document, "big.md");
        var first = BlobStreams.Bytes(100_000, seed: 23);
        await store.WriteAsync(key, new MemoryStream(first), CancellationToken.None);

        var act = () => store.WriteAsync(key, BlobStreams.ForwardOnly(BlobStreams.Bytes(300_000, seed: 24), failAfter: 150_000), CancellationToken.None);

        await act.Should().ThrowAsync<IOException>();
        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
        (await BlobStreams.HashAsync(blob.Content)).Should().Equal(SHA256.HashData(first));
    }

    [Fact]
    public async Task Concurrent_writers_to_one_bucket_lose_nothing()
    {
        var (store, storageLock) = await CreateStoreAsync();
        var id = NewBucketId();
        var list = new BucketFileKey(id, BucketArea.Record, "documents.txt");

        // Twelve uploads at once, each storing its document and appending it to the bucket's list under the bucket lock.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            await store.WriteAsync(new BucketFileKey(id, BucketArea.Document, $"doc{i}.md"), new MemoryStream(BlobStreams.Bytes(50_000, seed: i)), CancellationToken.None);
            var held = await storageLock.AcquireAsync("bucket/" + id, CancellationToken.None);
            await using (held)
            {
                var current = await ReadTextAsync(store, list);
                await store.WriteAsync(list, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(current + $"doc{i}.md\n")), CancellationToken.None);
            }
        })));

        (await ListAsync(store, id, BucketArea.Document)).Should().HaveCount(12);
        (await ReadTextAsync(store, list)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(i => $"doc{i}.md"));
        (await store.GetSizeAsync(id, CancellationToken.None)).Should().BeGreaterThanOrEqualTo(12 * 50_000);
    }

    [Fact]
    public async Task An_owner_claim_is_won_once_and_outlives_the_bucket()
    {
        var (store, _) = await CreateStoreAsync();
        var id = NewBucketId();
        (await store.ReadOwnerAsync(id, CancellationToken.None)).Should().BeNull();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.ClaimOwnerAsync(id, $"user{i}", replace: false, CancellationToken.None))));

        claims.Count(c => c).Should().Be(1, "exactly one concurrent claim of a new id wins");
        var owner = await store.ReadOwnerAsync(id, CancellationToken.None);
        owner.Should().Be($"user{Array.IndexOf(claims, true)}");

        await store.WriteAsync(new BucketFileKey(id, BucketArea.Document, "a.md"), new MemoryStream([1]), CancellationToken.None);
        await store.DeleteBucketAsync(id, CancellationToken.None);
        (await store.ReadOwnerAsync(id, CancellationToken.None)).Should().Be(owner, "the record stays as a tombstone");

        (await store.ClaimOwnerAsync(id, "admin", replace: true, CancellationToken.None)).Should().BeTrue();
        (await store.ReadOwnerAsync(id, CancellationToken.None)).Should().Be("admin");
        (await store.DeleteOwnerAsync(id, CancellationToken.None)).Should().BeTrue();
        (await store.ReadOwnerAsync(id, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_longest_sanitised_name_with_a_suffix_is_kept()
    {
        var (store, _) = await CreateStoreAsync();

        // An upload name is cut to 100 bytes; its converted text and an archive's text add ".md" to it.
        var key = new BucketFileKey(NewBucketId(), BucketArea.Text, new string('é', 50) + ".zip.md");
        await store.WriteAsync(key, new MemoryStream([7]), CancellationToken.None);

        (await store.GetInfoAsync(key, CancellationToken.None))!.Length.Should().Be(1);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("%2e%2e%2fx")]
    public async Task An_id_or_name_that_is_not_sanitised_is_refused(string hostile)
    {
        var (store, _) = await CreateStoreAsync();
        var keys = new[] { BucketArea.Document, BucketArea.Media, BucketArea.Thumbnail, BucketArea.Text, BucketArea.Record }
            .SelectMany(area => new[] { new BucketFileKey(NewBucketId(), area, hostile), new BucketFileKey(hostile, area, "a.md") });
        foreach (var key in keys)
        {
            await FluentActions.Awaiting(() => store.WriteAsync(key, new MemoryStream([1]), CancellationToken.None)).Should().ThrowAsync<ArgumentException>($"{key}");
            await FluentActions.Awaiting(() => store.OpenReadAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        }

        await FluentActions.Awaiting(() => store.DeleteBucketAsync(hostile, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => store.ExistsAsync(hostile, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => store.ClaimOwnerAsync(hostile, "user", replace: false, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
    }

    private static async Task<List<BucketFileKey>> ListAsync(IBucketStore store, string bucketId, BucketArea area)
    {
        var keys = new List<BucketFileKey>();
        await foreach (var entry in store.ListAsync(bucketId, area, CancellationToken.None))
        {
            keys.Add(entry.Key);
        }

        return keys;
    }

    private static async Task<string> ReadTextAsync(IBucketStore store, BucketFileKey key)
    {
        var blob = await store.OpenReadAsync(key, CancellationToken.None);
        if (blob is null)
        {
            return string.Empty;
        }

        await using (blob)
        {
            return await new StreamReader(blob.Content).ReadToEndAsync();
        }
    }
}
