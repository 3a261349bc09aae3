using System.Security.Cryptography;
using FluentAssertions;
using G4F.Backend.Media;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="IMediaStore"/> guarantees. An implementation's test class derives from it and says how a store
/// is made; every test uses names of its own, so one database may serve them all.
/// </summary>
public abstract class MediaStoreContract
{
    /// <summary>A store to test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IMediaStore> CreateStoreAsync();

    /// <summary>A fresh media name with <paramref name="extension"/>.</summary>
    /// <param name="extension">The extension, with its dot.</param>
    /// <returns>The name.</returns>
    protected static string NewName(string extension = ".png") => $"1755780000_contract_{Guid.NewGuid():N}{extension}";

    [Fact]
    public async Task Ten_megabytes_round_trip_byte_identical_through_streams()
    {
        var store = await CreateStoreAsync();
        var key = MediaKey.Library(NewName(".mp4"));
        var bytes = BlobStreams.Bytes(10 * 1024 * 1024, seed: 1);

        var written = await store.WriteAsync(key, BlobStreams.ForwardOnly(bytes), CancellationToken.None);

        written.Key.Should().Be(key);
        written.Length.Should().Be(bytes.Length);
        await using var blob = await store.OpenReadAsync(key, CancellationToken.None);
        blob.Should().NotBeNull();
        blob!.Length.Should().Be(bytes.Length);
        blob.LastModified.Should().Be(written.LastModified);
        (await BlobStreams.HashAsync(blob.Content)).Should().Equal(SHA256.HashData(bytes));
    }

    [Fact]
    public async Task An_opened_blob_seeks_for_byte_ranges()
    {
        var store = await CreateStoreAsync();
        var key = MediaKey.Library(NewName(".webm"));
        var bytes = BlobStreams.Bytes(3 * 1024 * 1024, seed: 2);
        await store.WriteAsync(key, BlobStreams.ForwardOnly(bytes), CancellationToken.None);

        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;

        blob.Content.CanSeek.Should().BeTrue("the media routes answer Range requests by seeking");
        foreach (var (offset, length) in new[] { (2_000_000L, 100_000), (0L, 10), (bytes.Length - 5L, 5), (1_048_575L, 3) })
        {
            blob.Content.Seek(offset, SeekOrigin.Begin);
            var range = new byte[length];
            await blob.Content.ReadExactlyAsync(range);
            range.Should().Equal(bytes.AsSpan((int)offset, length).ToArray(), $"bytes {offset}..{offset + length - 1}");
        }
    }

    [Fact]
    public async Task A_missing_blob_is_not_found_in_every_area()
    {
        var store = await CreateStoreAsync();
        var name = NewName();

        foreach (var key in new[] { MediaKey.Library(name), MediaKey.Thumbnail(name), MediaKey.Fetched(name), MediaKey.Fetched(name, "contract-bucket") })
        {
            (await store.OpenReadAsync(key, CancellationToken.None)).Should().BeNull();
            (await store.GetInfoAsync(key, CancellationToken.None)).Should().BeNull();
            (await store.DeleteAsync(key, CancellationToken.None)).Should().BeFalse();
        }
    }

    [Fact]
    public async Task Areas_and_buckets_keep_one_name_apart()
    {
        var store = await CreateStoreAsync();
        var name = NewName();
        var keys = new[] { MediaKey.Library(name), MediaKey.Thumbnail(name), MediaKey.Fetched(name), MediaKey.Fetched(name, "contract-a"), MediaKey.Fetched(name, "contract-b") };
        for (var i = 0; i < keys.Length; i++)
        {
            await store.WriteAsync(keys[i], new MemoryStream(BlobStreams.Bytes(100 + i, seed: i)), CancellationToken.None);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            await using var blob = (await store.OpenReadAsync(keys[i], CancellationToken.None))!;
            blob.Length.Should().Be(100 + i, $"{keys[i]} is its own blob");
        }

        (await ListAsync(store, MediaArea.Library)).Should().Contain(e => e.Key == keys[0] && e.Length == 100)
            .And.NotContain(e => e.Key.Area != MediaArea.Library);
        (await ListAsync(store, MediaArea.Thumbnail)).Should().Contain(e => e.Key == keys[1] && e.Length == 101);
        (await ListAsync(store, MediaArea.Fetched)).Where(e => e.Key.Name == name).Select(e => e.Key)
            .Should().BeEquivalentTo([keys[2], keys[3], keys[4]], "every fetched copy is listed with its bucket");
    }

    [Fact]
    public async Task A_write_replaces_the_blob_and_a_delete_removes_it()
    {
        var store = await CreateStoreAsync();
        var key = MediaKey.Fetched(NewName(), "contract-bucket");
        await store.WriteAsync(key, new MemoryStream(BlobStreams.Bytes(50, seed: 3)), CancellationToken.None);
        var second = BlobStreams.Bytes(70, seed: 4);

        await store.WriteAsync(key, new MemoryStream(second), CancellationToken.None);

        (await store.GetInfoAsync(key, CancellationToken.None))!.Length.Should().Be(70);
        await using (var blob = (await store.OpenReadAsync(key, CancellationToken.None))!)
        {
            (await BlobStreams.HashAsync(blob.Content)).Should().Equal(SHA256.HashData(second));
        }

        (await store.DeleteAsync(key, CancellationToken.None)).Should().BeTrue();
        (await store.OpenReadAsync(key, CancellationToken.None)).Should().BeNull();
        (await ListAsync(store, MediaArea.Fetched)).Should().NotContain(e => e.Key == key);
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_the_earlier_blob()
    {
        var store = await CreateStoreAsync();
        var key = MediaKey.Library(NewName());
        var first = BlobStreams.Bytes(200_000, seed: 5);
        await store.WriteAsync(key, new MemoryStream(first), CancellationToken.None);

        var act = () => store.WriteAsync(key, BlobStreams.ForwardOnly(BlobStreams.Bytes(500_000, seed: 6), failAfter: 300_000), CancellationToken.None);

        await act.Should().ThrowAsync<IOException>();
        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
        (await BlobStreams.HashAsync(blob.Content)).Should().Equal(SHA256.HashData(first));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_name_leave_one_whole_version()
    {
        var store = await CreateStoreAsync();
        var key = MediaKey.Thumbnail(NewName());
        var versions = Enumerable.Range(0, 8).Select(i => BlobStreams.Bytes(256 * 1024, seed: 10 + i)).ToArray();

        await Task.WhenAll(versions.Select(v => Task.Run(() => store.WriteAsync(key, BlobStreams.ForwardOnly(v), CancellationToken.None))));

        await using var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
        var hash = await BlobStreams.HashAsync(blob.Content);
        versions.Select(SHA256.HashData).Should().ContainEquivalentOf(hash, "a reader sees one writer's bytes, whole");
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("..")]
    [InlineData("a/b.png")]
    [InlineData("a\\b.png")]
    [InlineData("")]
    [InlineData("%2e%2e%2fx.png")]
    public async Task A_name_that_is_not_sanitised_is_refused(string name)
    {
        var store = await CreateStoreAsync();
        foreach (var key in new[] { MediaKey.Library(name), MediaKey.Thumbnail(name), MediaKey.Fetched(name), MediaKey.Fetched("x.png", name) })
        {
            await FluentActions.Awaiting(() => store.WriteAsync(key, new MemoryStream([1, 2, 3]), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
            await FluentActions.Awaiting(() => store.OpenReadAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
            await FluentActions.Awaiting(() => store.DeleteAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        }
    }

    [Fact]
    public async Task Only_a_fetched_copy_belongs_to_a_bucket()
    {
        var store = await CreateStoreAsync();

        var act = () => store.WriteAsync(new MediaKey(MediaArea.Library, NewName(), "contract-bucket"), new MemoryStream([1]), CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    private static async Task<List<MediaEntry>> ListAsync(IMediaStore store, MediaArea area)
    {
        var entries = new List<MediaEntry>();
        await foreach (var entry in store.ListAsync(area, CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
