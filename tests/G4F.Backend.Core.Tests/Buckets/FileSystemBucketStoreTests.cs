using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>The embedded bucket store runs the store contract over a data directory of its own.</summary>
public sealed class FileSystemBucketStoreTests : BucketStoreContract, IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "g4f-core-tests", Guid.NewGuid().ToString("N"));
    private readonly InProcessStorageLock _lock = new();

    private string DataDirectory => Path.Combine(_parent, "data");

    public void Dispose()
    {
        if (Directory.Exists(_parent))
        {
            Directory.Delete(_parent, recursive: true);
        }
    }

    protected override ValueTask<(IBucketStore Store, IStorageLock Lock)> CreateStoreAsync() =>
        ValueTask.FromResult<(IBucketStore, IStorageLock)>((NewStore(), _lock));

    [Fact]
    public async Task Files_keep_the_data_directory_layout_of_earlier_versions()
    {
        var store = NewStore();

        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Document, "a.txt.md"), new MemoryStream([1]), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Media, "cat.png"), new MemoryStream([2]), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Thumbnail, "cat.png"), new MemoryStream([3]), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Text, "docs.zip.md"), new MemoryStream([4]), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Record, ".downloads.done"), new MemoryStream([5]), CancellationToken.None);
        await store.ClaimOwnerAsync("b1", "alice", replace: false, CancellationToken.None);

        var bucket = Path.Combine(DataDirectory, "buckets", "b1");
        File.ReadAllBytes(Path.Combine(bucket, "a.txt.md")).Should().Equal(1);
        File.ReadAllBytes(Path.Combine(bucket, "media", "cat.png")).Should().Equal(2);
        File.ReadAllBytes(Path.Combine(bucket, "thumbnail", "cat.png")).Should().Equal(3);
        File.ReadAllBytes(Path.Combine(bucket, ".text", "docs.zip.md")).Should().Equal(4);
        File.ReadAllBytes(Path.Combine(bucket, ".downloads.done")).Should().Equal(5);
        File.ReadAllText(Path.Combine(DataDirectory, "owners", "b1.json")).Should().Be("""{"owner":"alice"}""");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"owner":42}""")]
    [InlineData("[]")]
    public async Task An_unreadable_owner_record_names_nobody(string record)
    {
        Directory.CreateDirectory(Path.Combine(DataDirectory, "owners"));
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "owners", "b1.json"), record);

        (await NewStore().ReadOwnerAsync("b1", CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Hostile_names_write_nothing_anywhere()
    {
        var store = NewStore();
        foreach (var hostile in new[] { "../x", "../../x", "media/../../x", ".." })
        {
            await FluentActions.Awaiting(() => store.WriteAsync(new BucketFileKey(hostile, BucketArea.Document, "a.md"), new MemoryStream([1]), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
            await FluentActions.Awaiting(() => store.WriteAsync(new BucketFileKey("b1", BucketArea.Record, "." + hostile), new MemoryStream([1]), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
            await FluentActions.Awaiting(() => store.ClaimOwnerAsync(hostile, "mallory", replace: true, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        }

        (Directory.Exists(_parent) ? Directory.GetFiles(_parent, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    [Fact]
    public async Task A_crashed_writes_temporary_files_count_and_list_nowhere_and_go_once_stale()
    {
        var store = NewStore();
        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Document, "a.txt.md"), new MemoryStream(new byte[10]), CancellationToken.None);
        await store.WriteAsync(new BucketFileKey("b1", BucketArea.Record, ".downloads.done"), new MemoryStream(new byte[5]), CancellationToken.None);

        // What a process killed mid-write leaves: its temporary files beside the targets (the root and media/), one of
        // them from two hours ago, the other from a write that may still be running in another request.
        var bucket = Path.Combine(DataDirectory, "buckets", "b1");
        var stale = Path.Combine(bucket, $".documents.txt.{Guid.NewGuid():N}.tmp");
        var recent = Path.Combine(bucket, "media", $".cat.png.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(recent)!);
        await File.WriteAllBytesAsync(stale, new byte[1000]);
        await File.WriteAllBytesAsync(recent, new byte[2000]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromHours(2));

        (await store.GetSizeAsync("b1", CancellationToken.None)).Should().Be(15, "half-written files are not the bucket's");
        foreach (var area in Enum.GetValues<BucketArea>())
        {
            await foreach (var entry in store.ListAsync("b1", area, CancellationToken.None))
            {
                entry.Key.Name.Should().NotEndWith(".tmp", "no listing shows a write's temporary file ({0})", area);
            }
        }

        File.Exists(stale).Should().BeFalse("a temporary file untouched for hours belongs to no running write");
        File.Exists(recent).Should().BeTrue("a write in progress keeps its temporary file");
    }

    private FileSystemBucketStore NewStore()
    {
        var paths = DataPaths.Of(DataDirectory);
        return new FileSystemBucketStore(paths);
    }
}
