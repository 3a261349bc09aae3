using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>The bucket's document list on real files: read whole, but never for more names than the limits allow.</summary>
public sealed class BucketManifestTests : IDisposable
{
    private const string BucketId = "b1";
    private readonly string _root = Directory.CreateTempSubdirectory("g4f-manifest").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_list_longer_than_the_limits_allow_is_read_for_the_limit_and_one_reads_downloads()
    {
        // Written by hand or by an older version: nothing but the limit kept it short before.
        var folder = Directory.CreateDirectory(Path.Combine(_root, "buckets", BucketId)).FullName;
        await File.WriteAllLinesAsync(Path.Combine(folder, "documents.txt"), Enumerable.Range(0, 5_000).Select(i => $"doc{i}.md"));
        var store = new FileSystemBucketStore(DataPaths.Of(_root));
        var manifest = new BucketManifest(store, Options.Create(new BucketOptions { MaxDocuments = 30, MaxDownloads = 5 }));

        var documents = await manifest.DocumentsAsync(BucketId, CancellationToken.None);

        documents.Should().Equal(Enumerable.Range(0, 35).Select(i => $"doc{i}.md"));
    }
}
