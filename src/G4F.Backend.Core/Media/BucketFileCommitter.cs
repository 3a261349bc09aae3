using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// Puts downloaded files into a bucket: written to a temporary file next to the target (a name starting with
/// <c>.</c>, which no sanitised name can reach, so no route ever serves it half-written), then moved into place
/// under the bucket's lock once the bucket's size limit (<see cref="BucketOptions.MaxBucketBytes"/>) allows it.
/// </summary>
internal sealed class BucketFileCommitter(DataPaths paths, BucketLocks locks, IOptions<G4FBackendOptions> options)
{
    /// <summary>Bytes the bucket may still grow by now (never negative); a download is capped at this.</summary>
    public long RoomLeft(string bucketId) => Math.Max(0, options.Value.Buckets.MaxBucketBytes - SizeOf(paths.Combine(DataPaths.Buckets, bucketId)));

    /// <summary>A fresh temporary path in <c>buckets/&lt;bucketId&gt;/&lt;folder&gt;</c> (the folder is created).</summary>
    public string TempPath(string bucketId, string? folder)
    {
        var directory = folder is null ? paths.Folder(DataPaths.Buckets, bucketId) : paths.Folder(DataPaths.Buckets, bucketId, folder);
        return Path.Combine(directory, $".download-{Guid.NewGuid():N}.tmp");
    }

    /// <summary>
    /// Moves <paramref name="tempPath"/> to <paramref name="targetPath"/> under the bucket lock when the bucket stays
    /// within its limit; false (and the temporary file deleted) otherwise, or when the target exists and
    /// <paramref name="overwrite"/> is false.
    /// </summary>
    public async Task<bool> CommitAsync(string bucketId, string tempPath, string targetPath, bool overwrite, CancellationToken cancellationToken)
    {
        var gate = locks.For(bucketId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var exists = File.Exists(targetPath);
            if (exists && !overwrite)
            {
                return false;
            }

            var size = new FileInfo(tempPath).Length;
            var others = SizeOf(paths.Combine(DataPaths.Buckets, bucketId)) - size - (exists ? new FileInfo(targetPath).Length : 0);
            if (others + size > options.Value.Buckets.MaxBucketBytes)
            {
                return false;
            }

            File.Move(tempPath, targetPath, overwrite);
            return true;
        }
        finally
        {
            gate.Release();
            Discard(tempPath);
        }
    }

    /// <summary>Deletes a temporary file that was not committed; never throws.</summary>
    public static void Discard(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is invisible to every route and is removed with the bucket.
        }
    }

    private static long SizeOf(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
