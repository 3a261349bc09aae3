using G4F.Backend.Identity;
using G4F.Backend.Media;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// Deleting buckets from the <see cref="IBucketStore"/>. In the embedded store a bucket and a shared chat of the same
/// id share one folder, as in the original, so deleting the bucket also stops the share (PROTOCOL 6.4).
/// </summary>
internal sealed class BucketFolders(IBucketStore store, BucketLocks locks, BucketOwners owners, FetchedMediaCache copies)
{
    /// <summary>
    /// Deletes the folder of <paramref name="bucketId"/> (already sanitised) with everything in it when
    /// <paramref name="caller"/> may (<see cref="BucketOwners"/>; null: no identity step, anyone may).
    /// The check and the delete are one step under the bucket's lock, and so is deleting the <c>?url=</c> copies fetched for
    /// the bucket's media (kept in the media store, outside the bucket): they never outlive it, nor come back when the id is
    /// used again. The owner record stays, as a tombstone: the id (and any share link that named it) remains its owner's.
    /// </summary>
    /// <returns>The decision, and whether a folder was deleted (false when there was none or the caller may not).</returns>
    public async Task<(AccessDecision Access, bool Deleted)> DeleteAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketId);
        if (!SafeName.TrySanitize(bucketId, out var sanitized) || sanitized != bucketId)
        {
            // Only a sanitised, non-empty id names a bucket: "" or "_" must never mean the buckets root (PROTOCOL 14.1).
            throw new ArgumentException("The bucket id is not a sanitised name.", nameof(bucketId));
        }

        var gate = await locks.AcquireAsync(bucketId, cancellationToken).ConfigureAwait(false);
        try
        {
            if (caller is not null && await owners.CheckLockedAsync(bucketId, caller, cancellationToken).ConfigureAwait(false) is var access && access != AccessDecision.Allowed)
            {
                return (access, false);
            }

            var deleted = await store.DeleteBucketAsync(bucketId, cancellationToken).ConfigureAwait(false);

            // Also when there was no folder: copies of a bucket deleted before this fix are orphans all the same.
            await copies.DeleteBucketCopiesAsync(bucketId, cancellationToken).ConfigureAwait(false);
            return (AccessDecision.Allowed, deleted);
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }
}
