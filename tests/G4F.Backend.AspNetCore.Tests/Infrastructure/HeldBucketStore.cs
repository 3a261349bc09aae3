using G4F.Backend.Buckets;
using G4F.Backend.Storage;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The embedded bucket store with one document held: opening it waits until the test releases it, so what a client sees
/// while a read is still running is observed without any timing.
/// </summary>
internal sealed class HeldBucketStore(IBucketStore inner, string heldName) : IBucketStore
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held document be opened.</summary>
    public void Release() => _release.TrySetResult();

    public async Task<StoredBlob?> OpenReadAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        if (key.Area == BucketArea.Document && key.Name == heldName)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        return await inner.OpenReadAsync(key, cancellationToken);
    }

    public Task<bool> ExistsAsync(string bucketId, CancellationToken cancellationToken) => inner.ExistsAsync(bucketId, cancellationToken);

    public Task<long> GetSizeAsync(string bucketId, CancellationToken cancellationToken) => inner.GetSizeAsync(bucketId, cancellationToken);

    public Task<BucketEntry?> GetInfoAsync(BucketFileKey key, CancellationToken cancellationToken) => inner.GetInfoAsync(key, cancellationToken);

    public Task<BucketEntry> WriteAsync(BucketFileKey key, Stream content, CancellationToken cancellationToken) => inner.WriteAsync(key, content, cancellationToken);

    public Task<bool> DeleteAsync(BucketFileKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<BucketEntry> ListAsync(string bucketId, BucketArea area, CancellationToken cancellationToken) => inner.ListAsync(bucketId, area, cancellationToken);

    public Task<bool> DeleteBucketAsync(string bucketId, CancellationToken cancellationToken) => inner.DeleteBucketAsync(bucketId, cancellationToken);

    public Task<string?> ReadOwnerAsync(string bucketId, CancellationToken cancellationToken) => inner.ReadOwnerAsync(bucketId, cancellationToken);

    public Task<bool> ClaimOwnerAsync(string bucketId, string userId, bool replace, CancellationToken cancellationToken) =>
        inner.ClaimOwnerAsync(bucketId, userId, replace, cancellationToken);

    public Task<bool> DeleteOwnerAsync(string bucketId, CancellationToken cancellationToken) => inner.DeleteOwnerAsync(bucketId, cancellationToken);
}
