using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Buckets;

/// <summary>
/// What <c>/files/{bucket}/media|thumbnail/{name}</c> serves (PROTOCOL 6.5, 14.4), in one place for the route, the turn's
/// attached media and the bucket parts of a prompt: the bucket's thumbnail when preferred and there is one (smaller, and
/// what the user saw), else its media file, else the <c>?url=</c> fallback: a missing media file of an existing bucket
/// fetched from the URL through the <see cref="SafeDownloader"/> (media required) into the <see cref="FetchedMediaCache"/>,
/// outside the bucket (so it never counts against the bucket's quota), instead of redirecting the client to wherever the
/// URL points. A copy is keyed by its URL as well as by the bucket and name (<see cref="FetchedCopyKey"/>): it is
/// only ever served to a request naming that same URL, whose caller could have fetched those bytes himself, never to a plain
/// read of the bucket's media nor to a turn attaching it. So whoever reads someone else's bucket with a <c>?url=</c> of his
/// choosing decides nothing about what the bucket serves to anyone else (its owner included).
/// </summary>
internal sealed partial class BucketMediaFetcher(IBucketStore store, FetchedMediaCache cache, ILogger<BucketMediaFetcher> logger)
{
    /// <summary>
    /// The bucket's own media <paramref name="name"/> of <paramref name="bucketId"/> (both already sanitised), opened: its
    /// thumbnail when <paramref name="preferThumbnail"/> and there is one, else the media file; null when neither is stored.
    /// </summary>
    public async Task<StoredBlob?> OpenStoredAsync(string bucketId, string name, bool preferThumbnail, CancellationToken cancellationToken)
    {
        var thumbnail = preferThumbnail ? await store.OpenReadAsync(new BucketFileKey(bucketId, BucketArea.Thumbnail, name), cancellationToken).ConfigureAwait(false) : null;
        return thumbnail ?? await store.OpenReadAsync(new BucketFileKey(bucketId, BucketArea.Media, name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="OpenStoredAsync"/>; when the bucket has no such file and a <paramref name="url"/> is given, the copy
    /// fetched from that URL standing in for it (served whole, also for a thumbnail): an earlier copy of the same URL, else
    /// one fetched now; null when the bucket does not exist or there is none (always without a URL). A refused or failed download is logged and null. A URL naming one of this
    /// server's own bucket files (of <paramref name="serverOrigin"/>) is never fetched: the server would only be asking itself.
    /// </summary>
    public async Task<StoredBlob?> OpenAsync(string bucketId, string name, bool preferThumbnail, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        if (await OpenStoredAsync(bucketId, name, preferThumbnail, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        // Only a media name is fetched: the copy is served with the type its extension names. Without a URL no copy is
        // served: which copy stands in is the URL's to say, and the request names none.
        if (url.Length == 0 || !MediaTypes.IsMedia(name) || !await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // Stored only while the bucket still exists: one deleted during the download deleted its copies already.
        var found = await cache.FindOrFetchAsync(
            FetchedCopyKey.For(name, url, bucketId),
            url,
            fetched => LocalFileUrl.TryParse(url, serverOrigin, out _),
            token => store.ExistsAsync(bucketId, token),
            cancellationToken).ConfigureAwait(false);
        if (found.Busy)
        {
            LogBusy(logger, bucketId);
        }
        else if (found.FailedHost is { } host)
        {
            LogFetchFailed(logger, bucketId, host, found.Reason);
        }

        return found.Copy;
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string bucketId, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger, string bucketId);
}
