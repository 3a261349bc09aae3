using G4F.Backend.Downloads;
using G4F.Backend.Media;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Buckets;

/// <summary>
/// The <c>?url=</c> fallback of <c>/files/{bucket}/media/{name}</c> (PROTOCOL 6.5, 14.4): a missing media file of an
/// existing bucket is fetched from the URL through the <see cref="SafeDownloader"/> (media required) into the
/// <see cref="FetchedMediaCache"/>, outside the bucket's folder (so it never counts against the bucket's quota), instead
/// of redirecting the client to wherever the URL points.
/// </summary>
internal sealed partial class BucketMediaFetcher(BucketFileCommitter committer, FetchedMediaCache cache, ILogger<BucketMediaFetcher> logger)
{
    /// <summary>
    /// The fetched copy standing in for the missing media <paramref name="name"/> of <paramref name="bucketId"/> (both
    /// already sanitised): an earlier copy, else (with a <paramref name="url"/>) one fetched now; null when the bucket does
    /// not exist or there is none. A refused or failed download is logged and null. A URL naming one of this server's own
    /// bucket files (of <paramref name="serverOrigin"/>) is never fetched: the server would only be asking itself.
    /// </summary>
    public async Task<string?> FindOrFetchAsync(string bucketId, string name, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        // Only a media name is fetched: the copy is served with the type its extension names.
        if (!MediaTypes.IsMedia(name) || !committer.BucketExists(bucketId))
        {
            return null;
        }

        var found = await cache.FindOrFetchAsync(cache.BucketPath(bucketId, name), url, fetched => LocalFileUrl.TryParse(url, serverOrigin, out _), cancellationToken).ConfigureAwait(false);
        if (found.Busy)
        {
            LogBusy(logger, bucketId);
        }
        else if (found.FailedHost is { } host)
        {
            LogFetchFailed(logger, bucketId, host, found.Reason);
        }

        return found.Path;
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string bucketId, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger, string bucketId);
}
