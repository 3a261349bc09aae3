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
internal sealed partial class BucketMediaFetcher(BucketFileCommitter committer, FetchedMediaCache cache, FallbackFetchGate gate, ILogger<BucketMediaFetcher> logger)
{
    /// <summary>
    /// The fetched copy standing in for the missing media <paramref name="name"/> of <paramref name="bucketId"/> (both
    /// already sanitised): an earlier copy, else (with a <paramref name="url"/>) one fetched now; null when the bucket does
    /// not exist or there is none. A refused or failed download is logged and null. A URL naming one of this server's own
    /// bucket files (relative, or of <paramref name="serverOrigin"/>) is never fetched: the server would only be asking itself.
    /// </summary>
    public async Task<string?> FindOrFetchAsync(string bucketId, string name, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        // Only a media name is fetched: the copy is served with the type its extension names.
        if (!MediaTypes.IsMedia(name) || !committer.BucketExists(bucketId))
        {
            return null;
        }

        var copy = cache.BucketPath(bucketId, name);
        if (File.Exists(copy))
        {
            return copy;
        }

        if (url.Length == 0 || !cache.Enabled || LocalFileUrl.TryParse(url, serverOrigin, out _) || !SafeDownloader.TryCheckUrl(url, out var uri, out _))
        {
            return null;
        }

        if (!await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false))
        {
            LogBusy(logger, bucketId);
            return null;
        }

        try
        {
            return await cache.FetchAsync(copy, url, cancellationToken).ConfigureAwait(false) ? copy : null;
        }
        catch (DownloadException ex)
        {
            LogFetchFailed(logger, bucketId, uri!.Host, ex.Reason);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string bucketId, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger, string bucketId);
}
