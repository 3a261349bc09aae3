using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// Where the <c>?url=</c> fallbacks keep what they fetch: the <see cref="MediaArea.Fetched"/> copies of the
/// <see cref="IMediaStore"/>, never the library nor a bucket, so a fetch never counts against a bucket's quota. The copies
/// together stay within <see cref="DownloadOptions.MaxFetchedBytes"/> and <see cref="DownloadOptions.MaxFetchedCopies"/>
/// (an empty body is no media and never a copy): storing one evicts the oldest copies first (only
/// copies: uploaded and generated files live elsewhere). Stores hold the <see cref="IStorageLock"/> of the copies and
/// count what the store holds then, so concurrent fetches never overshoot the total, those of other instances on the same
/// store included (a PostgreSQL lock there); bodies still downloading sit in the staging folder, bounded by
/// <see cref="DownloadOptions.MaxConcurrentFetches"/> times one body's cap.
/// </summary>
internal sealed class FetchedMediaCache(IMediaStore store, SafeDownloader downloader, ScratchSpace scratch, FallbackFetchGate gate, IStorageLock storageLock, IOptions<DownloadOptions> options)
{
    // The resource of the storage lock every store of a copy holds.
    private const string CopiesLock = "media/fetched";

    /// <summary>Whether the fallbacks may store anything (<see cref="DownloadOptions.MaxFetchedBytes"/> is not 0).</summary>
    public bool Enabled => options.Value.MaxFetchedBytes > 0;

    /// <summary>The fetched copy <paramref name="copy"/> (a <see cref="MediaArea.Fetched"/> key) opened when there is one; never fetches.</summary>
    public Task<StoredBlob?> FindAsync(MediaKey copy, CancellationToken cancellationToken) => store.OpenReadAsync(copy, cancellationToken);

    /// <summary>
    /// The fetched copy <paramref name="copy"/> (a <see cref="MediaArea.Fetched"/> key), opened: an earlier one, else
    /// (with a <paramref name="url"/>) one fetched now within a slot of the <see cref="FallbackFetchGate"/>. A URL that
    /// <paramref name="isOwnUrl"/> names this server's own is never fetched: the server would only be asking itself.
    /// A refused or failed download is no copy, with its host and reason for the caller's log. A fetched body is stored only
    /// when <paramref name="stillWanted"/> (null: always) still says so under the copies' lock (see <see cref="FetchAsync"/>).
    /// </summary>
    public async Task<FallbackFetch> FindOrFetchAsync(MediaKey copy, string url, Func<Uri, bool> isOwnUrl, Func<CancellationToken, Task<bool>>? stillWanted, CancellationToken cancellationToken)
    {
        if (await store.OpenReadAsync(copy, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return new FallbackFetch(earlier);
        }

        if (url.Length == 0 || !Enabled || !SafeDownloader.TryCheckUrl(url, out var uri, out _) || isOwnUrl(uri!))
        {
            return default;
        }

        if (!await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return new FallbackFetch(null, Busy: true);
        }

        try
        {
            // Evicted again by a concurrent fetch before it was opened: no copy this time, as when the fetch fails.
            return await FetchAsync(copy, url, stillWanted, cancellationToken).ConfigureAwait(false)
                ? new FallbackFetch(await store.OpenReadAsync(copy, cancellationToken).ConfigureAwait(false))
                : default;
        }
        catch (DownloadException ex)
        {
            return new FallbackFetch(null, uri!.Host, ex.Reason);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Downloads <paramref name="url"/> (media required, at most one body's cap and never more than the whole total) and
    /// stores it as the copy <paramref name="target"/>; true when the copy is there afterwards (also when another request
    /// stored it meanwhile). <paramref name="stillWanted"/> (null: always) is asked under the copies' lock before the store:
    /// a bucket deleted while its copy was downloading says no, so its <see cref="DeleteBucketCopiesAsync"/> (which holds
    /// the same lock) never misses a copy stored after it.
    /// </summary>
    /// <exception cref="DownloadException">The URL was refused, the download failed or the body is over the cap.</exception>
    public async Task<bool> FetchAsync(MediaKey target, string url, Func<CancellationToken, Task<bool>>? stillWanted, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFetchedBytes;
        if (limit <= 0)
        {
            return false;
        }

        var file = scratch.OpenTransient(ScratchPurpose.Download);
        await using (file.ConfigureAwait(false))
        {
            var length = (await downloader.DownloadAsync(url, file, DownloadRequirement.Media with { MaxBytes = limit }, cancellationToken).ConfigureAwait(false)).Length;
            if (length == 0)
            {
                // Counted by bytes alone, empty copies were never evicted; an empty file shows nothing anyway.
                throw new DownloadException(DownloadFailure.NotMedia, "The file is empty.");
            }

            var held = await storageLock.AcquireAsync(CopiesLock, cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                if (await store.GetInfoAsync(target, cancellationToken).ConfigureAwait(false) is not null)
                {
                    return true;
                }

                if (stillWanted is not null && !await stillWanted(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                // Listed again under the lock each time: another instance may have stored or evicted copies since.
                await EvictAsync(await ListAsync(cancellationToken).ConfigureAwait(false), limit - length, options.Value.MaxFetchedCopies - 1).ConfigureAwait(false);
                file.Position = 0;
                await store.WriteAsync(target, file, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <summary>
    /// Deletes every copy fetched for <paramref name="bucketId"/>'s media, under the copies' lock (a fetch storing one
    /// meanwhile waits, then finds the bucket gone). Called with the bucket deleted, under the bucket's lock: copies never
    /// outlive their bucket, nor come back when its id is used again.
    /// </summary>
    /// <returns>How many copies were deleted.</returns>
    public async Task<int> DeleteBucketCopiesAsync(string bucketId, CancellationToken cancellationToken)
    {
        var held = await storageLock.AcquireAsync(CopiesLock, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            var deleted = 0;
            foreach (var copy in await ListAsync(cancellationToken).ConfigureAwait(false))
            {
                // Not cancelled half-way: the bucket is already gone, so should its copies be.
                if (string.Equals(copy.Key.BucketId, bucketId, StringComparison.Ordinal) && await store.DeleteAsync(copy.Key, CancellationToken.None).ConfigureAwait(false))
                {
                    deleted++;
                }
            }

            return deleted;
        }
    }

    /// <summary>The copies the store holds now, oldest first.</summary>
    private async Task<List<MediaEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var copies = new List<MediaEntry>();
        await foreach (var copy in store.ListAsync(MediaArea.Fetched, cancellationToken).ConfigureAwait(false))
        {
            copies.Add(copy);
        }

        return [.. copies
            .OrderBy(c => c.LastModified)
            .ThenBy(c => c.Key.BucketId, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Name, StringComparer.Ordinal)];
    }

    /// <summary>Deletes the oldest copies until at most <paramref name="keep"/> bytes in at most <paramref name="keepCount"/> copies are left.</summary>
    private async Task EvictAsync(List<MediaEntry> copies, long keep, int keepCount)
    {
        var total = copies.Sum(c => c.Length);
        var count = copies.Count;
        foreach (var oldest in copies)
        {
            if (total <= keep && count <= keepCount)
            {
                break;
            }

            total -= oldest.Length;
            count--;
            try
            {
                // A copy being served stays readable to the reader that opened it. Not cancelled half-way: the lock is
                // held until the new copy is stored.
                await store.DeleteAsync(oldest.Key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A copy that cannot be deleted now is counted as gone; the next store lists the store again.
            }
        }
    }
}
