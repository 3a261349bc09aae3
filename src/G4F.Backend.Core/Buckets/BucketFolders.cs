using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The bucket folders under the data directory (<c>buckets/&lt;id&gt;</c>). A bucket and a shared chat of the same
/// id share one folder, as in the original, so deleting the bucket also stops the share (PROTOCOL 6.4).
/// </summary>
internal sealed class BucketFolders(DataPaths paths, BucketLocks locks)
{
    /// <summary>Deletes the folder of <paramref name="bucketId"/> (already sanitised) with everything in it; false when there is none.</summary>
    public async Task<bool> DeleteAsync(string bucketId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketId);
        if (!SafeName.TrySanitize(bucketId, out var sanitized) || sanitized != bucketId)
        {
            // Only a sanitised, non-empty id names a bucket: "" or "_" must never mean the buckets root (PROTOCOL 14.1).
            throw new ArgumentException("The bucket id is not a sanitised name.", nameof(bucketId));
        }

        var folder = paths.Combine(DataPaths.Buckets, bucketId);
        var gate = locks.For(bucketId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Directory.Exists(folder))
            {
                return false;
            }

            Directory.Delete(folder, recursive: true);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
