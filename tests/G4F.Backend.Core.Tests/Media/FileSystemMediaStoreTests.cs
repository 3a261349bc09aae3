using G4F.Backend.Media;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>The embedded media store runs the store contract over a data directory of its own.</summary>
public sealed class FileSystemMediaStoreTests : MediaStoreContract, IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "g4f-core-tests", Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_parent, "data");

    public void Dispose()
    {
        if (Directory.Exists(_parent))
        {
            Directory.Delete(_parent, recursive: true);
        }
    }

    protected override ValueTask<IMediaStore> CreateStoreAsync() => ValueTask.FromResult<IMediaStore>(NewStore());

    [Fact]
    public async Task Blobs_are_the_files_of_the_data_directory_layout()
    {
        var store = NewStore();

        await store.WriteAsync(MediaKey.Library("a.png"), new MemoryStream([1]), CancellationToken.None);
        await store.WriteAsync(MediaKey.Thumbnail("a.png"), new MemoryStream([2]), CancellationToken.None);
        await store.WriteAsync(MediaKey.Fetched("b.png"), new MemoryStream([3]), CancellationToken.None);
        await store.WriteAsync(MediaKey.Fetched("c.png", "bucket1"), new MemoryStream([4]), CancellationToken.None);

        // Earlier versions kept these paths; data directories written by them are read unchanged.
        File.ReadAllBytes(Path.Combine(DataDirectory, "media", "a.png")).Should().Equal(1);
        File.ReadAllBytes(Path.Combine(DataDirectory, "media", "thumbnails", "a.png")).Should().Equal(2);
        File.ReadAllBytes(Path.Combine(DataDirectory, ".fetched", "media", "b.png")).Should().Equal(3);
        File.ReadAllBytes(Path.Combine(DataDirectory, ".fetched", "buckets", "bucket1", "c.png")).Should().Equal(4);
    }

    [Fact]
    public async Task A_bucket_copies_folder_goes_with_its_last_copy()
    {
        var store = NewStore();
        await store.WriteAsync(MediaKey.Fetched("c.png", "bucket1"), new MemoryStream([4]), CancellationToken.None);

        await store.DeleteAsync(MediaKey.Fetched("c.png", "bucket1"), CancellationToken.None);

        Directory.Exists(Path.Combine(DataDirectory, ".fetched", "buckets", "bucket1")).Should().BeFalse();
    }

    [Fact]
    public async Task Hostile_names_write_nothing_anywhere()
    {
        var store = NewStore();
        foreach (var name in new[] { "../x.png", "../../x.png", "media/../../x.png" })
        {
            var act = () => store.WriteAsync(MediaKey.Fetched("x.png", name), new MemoryStream([1]), CancellationToken.None);
            await act.Should().ThrowAsync<ArgumentException>();
            await FluentActions.Awaiting(() => store.WriteAsync(MediaKey.Library(name), new MemoryStream([1]), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        }

        (Directory.Exists(_parent) ? Directory.GetFiles(_parent, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    [Fact]
    public async Task A_reader_that_opened_a_blob_finishes_after_it_is_replaced_or_deleted()
    {
        var store = NewStore();
        var first = BlobStreams.Bytes(100_000, seed: 1);
        await store.WriteAsync(MediaKey.Fetched("a.png"), new MemoryStream(first), CancellationToken.None);
        await using var blob = (await store.OpenReadAsync(MediaKey.Fetched("a.png"), CancellationToken.None))!;

        await store.WriteAsync(MediaKey.Fetched("a.png"), new MemoryStream([9]), CancellationToken.None);
        await store.DeleteAsync(MediaKey.Fetched("a.png"), CancellationToken.None);

        // The fetched copies are evicted while they are being served.
        var read = new MemoryStream();
        await blob.Content.CopyToAsync(read);
        read.ToArray().Should().Equal(first);
    }

    private FileSystemMediaStore NewStore()
    {
        var paths = DataPaths.Of(DataDirectory);
        return new FileSystemMediaStore(paths);
    }
}
