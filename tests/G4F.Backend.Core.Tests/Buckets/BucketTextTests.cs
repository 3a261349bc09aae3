using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>Reading a bucket's text from real files while the bucket changes underneath.</summary>
public sealed class BucketTextTests : IDisposable
{
    private const string BucketId = "b1";
    private readonly string _root = Directory.CreateTempSubdirectory("g4f-text").FullName;
    private readonly DataPaths _paths;

    public BucketTextTests() => _paths = DataPaths.Of(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FileSystemBucketStore Store => new(_paths);

    [Fact]
    public async Task A_bucket_deleted_during_a_read_ends_the_read_cleanly()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "buckets", BucketId)).FullName;
        var big = string.Concat(Enumerable.Repeat(new string('a', 99) + "\n", 200));
        await File.WriteAllTextAsync(Path.Combine(folder, "a.md"), big);
        await File.WriteAllTextAsync(Path.Combine(folder, "b.md"), "bee");
        await File.WriteAllTextAsync(Path.Combine(folder, "documents.txt"), "a.md\nb.md\n");
        var text = new BucketText(Store, new BucketManifest(Store, Options.Create(new BucketOptions())));

        var pieces = new List<string>();
        await foreach (var piece in text.ReadAsync(BucketId, CancellationToken.None))
        {
            pieces.Add(piece);
            if (pieces.Count == 1)
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        string.Concat(pieces).Should().Be($"<!-- File: a.md -->\n{big.TrimEnd()}\n<-- End -->\n\n", "the open document is read to its end; the next one is gone");
    }

    [Fact]
    public async Task An_archive_is_read_from_its_sidecar_and_only_from_it()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "buckets", BucketId)).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "with.zip"), "PK not text");
        await File.WriteAllTextAsync(Path.Combine(folder, "without.zip"), "PK not text");
        Directory.CreateDirectory(Path.Combine(folder, ".text"));
        await File.WriteAllTextAsync(Path.Combine(folder, ".text", "with.zip.md"), "archive text\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "documents.txt"), "with.zip\nwithout.zip\n");

        var pieces = new List<string>();
        await foreach (var piece in new BucketText(Store, new BucketManifest(Store, Options.Create(new BucketOptions()))).ReadAsync(BucketId, CancellationToken.None))
        {
            pieces.Add(piece);
        }

        pieces.Should().Equal("<!-- File: with.zip -->\narchive text\n<-- End -->\n\n");
    }
}
