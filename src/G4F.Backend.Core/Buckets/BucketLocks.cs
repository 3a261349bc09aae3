using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// One lock per bucket id for everything that writes or removes a bucket folder (shares, deletes), so a
/// delete never races a chat write into a half-removed folder.
/// </summary>
internal sealed class BucketLocks
{
    private readonly StripedLock _locks = new();

    public SemaphoreSlim For(string bucketId) => _locks.For(bucketId);
}
