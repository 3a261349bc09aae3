using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// One lock per bucket id for everything that writes or removes a bucket's data (uploads, downloads, reads that consume
/// <c>files.txt</c>, shares, deletes), so a delete never races a write into a half-removed bucket. Held through the
/// <see cref="IStorageLock"/>, so a store shared by several instances serializes their writers too.
/// </summary>
internal sealed class BucketLocks(IStorageLock storageLock)
{
    /// <summary>Waits until the caller alone holds the lock of <paramref name="bucketId"/>; disposing the result releases it.</summary>
    public ValueTask<IAsyncDisposable> AcquireAsync(string bucketId, CancellationToken cancellationToken) =>
        storageLock.AcquireAsync("bucket/" + bucketId, cancellationToken);
}
