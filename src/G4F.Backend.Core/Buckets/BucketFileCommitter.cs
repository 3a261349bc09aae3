using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Puts downloaded files into a bucket: written to a <see cref="TempFiles"/> path outside every bucket, then moved into place under the
/// bucket's lock once the bucket's size limit (<see cref="BucketOptions.MaxBucketBytes"/>) allows it.
/// </summary>
internal sealed class BucketFileCommitter(DataPaths paths, BucketLocks locks, IOptions<G4FBackendOptions> options)
{
    private const int MaxNumbered = 100;

    /// <summary>Bytes the bucket may still grow by now (never negative); a download is capped at this.</summary>
    public long RoomLeft(string bucketId) => Math.Max(0, options.Value.Buckets.MaxBucketBytes - SizeOf(paths.Combine(DataPaths.Buckets, bucketId)));

    /// <summary>Whether the bucket's folder exists; downloads never create a bucket.</summary>
    public bool BucketExists(string bucketId) => Directory.Exists(paths.Combine(DataPaths.Buckets, bucketId));

    /// <summary>
    /// Moves <paramref name="tempPath"/> to <c>buckets/&lt;bucketId&gt;[/&lt;folder&gt;]/&lt;name&gt;</c> under the bucket lock
    /// when the bucket still exists and stays within its limit, following <paramref name="mode"/> when the name is
    /// taken. Returns the name stored under, or null (and the temporary file deleted). The sub-folder is created here.
    /// </summary>
    public async Task<string?> CommitAsync(string bucketId, string tempPath, string? folder, string name, BucketCommitMode mode, CancellationToken cancellationToken)
    {
        var gate = await locks.AcquireAsync(bucketId, cancellationToken).ConfigureAwait(false);
        try
        {
            var bucket = paths.Combine(DataPaths.Buckets, bucketId);
            if (!Directory.Exists(bucket))
            {
                return null;
            }

            var directory = folder is null ? bucket : paths.Combine(DataPaths.Buckets, bucketId, folder);
            var stored = FreeName(directory, name, mode);
            if (stored is null)
            {
                return null;
            }

            var target = Path.Join(directory, stored);
            var replaced = File.Exists(target) ? new FileInfo(target).Length : 0;
            if (SizeOf(bucket) - replaced + new FileInfo(tempPath).Length > options.Value.Buckets.MaxBucketBytes)
            {
                return null;
            }

            Directory.CreateDirectory(directory);
            File.Move(tempPath, target, overwrite: mode == BucketCommitMode.Replace);
            if (replaced > 0 && folder == BucketFileNames.Media)
            {
                // The thumbnail route prefers a thumbnail over the media file: an old one would show the old image.
                File.Delete(paths.Combine(DataPaths.Buckets, bucketId, BucketFileNames.Thumbnails, stored));
            }

            return stored;
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
            TempFiles.Discard(tempPath);
        }
    }

    private static string? FreeName(string directory, string name, BucketCommitMode mode)
    {
        if (mode == BucketCommitMode.Replace || !File.Exists(Path.Join(directory, name)))
        {
            return name;
        }

        for (var number = 2; number <= MaxNumbered; number++)
        {
            if (DownloadNames.Numbered(name, number) is { } candidate && !File.Exists(Path.Join(directory, candidate)))
            {
                return candidate;
            }
        }

        return null;
    }

    private static long SizeOf(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(folder).EnumerateFiles("*", enumeration).Sum(f => f.Length);
    }
}
