using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Puts downloaded files into a bucket: written to a <see cref="ScratchFile"/> outside every bucket, then stored in
/// the <see cref="IBucketStore"/> under the bucket's lock once the bucket's size limit
/// (<see cref="BucketOptions.MaxBucketBytes"/>) allows it.
/// </summary>
internal sealed class BucketFileCommitter(IBucketStore store, BucketLocks locks, IOptions<BucketOptions> options)
{
    private const int MaxNumbered = 100;

    /// <summary>Bytes the bucket may still grow by now (never negative); a download is capped at this.</summary>
    public async Task<long> RoomLeftAsync(string bucketId, CancellationToken cancellationToken) =>
        Math.Max(0, options.Value.MaxBucketBytes - await store.GetSizeAsync(bucketId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Stores <paramref name="temp"/> as <paramref name="name"/> in <paramref name="area"/> of the bucket under the
    /// bucket lock when the bucket still exists (downloads never create a bucket) and stays within its limit, following
    /// <paramref name="mode"/> when the name is taken. Returns the name stored under, or null. The temporary file is deleted.
    /// </summary>
    public async Task<string?> CommitAsync(string bucketId, ScratchFile temp, BucketArea area, string name, BucketCommitMode mode, CancellationToken cancellationToken)
    {
        var gate = await locks.AcquireAsync(bucketId, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var stored = await FreeNameAsync(bucketId, area, name, mode, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }

            var key = new BucketFileKey(bucketId, area, stored);
            var replaced = (await store.GetInfoAsync(key, cancellationToken).ConfigureAwait(false))?.Length ?? 0;
            var size = await store.GetSizeAsync(bucketId, cancellationToken).ConfigureAwait(false);
            if (size - replaced + temp.Length > options.Value.MaxBucketBytes)
            {
                return null;
            }

            var file = temp.OpenRead();
            await using (file.ConfigureAwait(false))
            {
                await store.WriteAsync(key, file, cancellationToken).ConfigureAwait(false);
            }

            if (replaced > 0 && area == BucketArea.Media)
            {
                // The thumbnail route prefers a thumbnail over the media file: an old one would show the old image.
                await store.DeleteAsync(new BucketFileKey(bucketId, BucketArea.Thumbnail, stored), CancellationToken.None).ConfigureAwait(false);
            }

            return stored;
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
            temp.Dispose();
        }
    }

    private async Task<string?> FreeNameAsync(string bucketId, BucketArea area, string name, BucketCommitMode mode, CancellationToken cancellationToken)
    {
        if (mode == BucketCommitMode.Replace || await store.GetInfoAsync(new BucketFileKey(bucketId, area, name), cancellationToken).ConfigureAwait(false) is null)
        {
            return name;
        }

        for (var number = 2; number <= MaxNumbered; number++)
        {
            if (DownloadNames.Numbered(name, number) is { } candidate
                && await store.GetInfoAsync(new BucketFileKey(bucketId, area, candidate), cancellationToken).ConfigureAwait(false) is null)
            {
                return candidate;
            }
        }

        return null;
    }
}
