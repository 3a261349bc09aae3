using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Media;

/// <summary>
/// The <c>?url=</c> fallback of <c>/files/{bucket}/media/{name}</c> (PROTOCOL 6.5, 14.4): a missing bucket media file
/// is fetched from the URL through the <see cref="SafeDownloader"/> (media required) and stored under its name,
/// instead of redirecting the client to wherever the URL points.
/// </summary>
internal sealed partial class BucketMediaFetcher(DataPaths paths, SafeDownloader downloader, BucketFileCommitter committer, ILogger<BucketMediaFetcher> logger)
{
    /// <summary>
    /// Fetches <paramref name="url"/> into <c>buckets/&lt;bucketId&gt;/media/&lt;name&gt;</c> (both already sanitised) unless
    /// the file exists; true when the file is there afterwards. A refused or failed download is logged and false.
    /// </summary>
    public async Task<bool> FetchAsync(string bucketId, string name, string url, CancellationToken cancellationToken)
    {
        var target = paths.Combine(DataPaths.Buckets, bucketId, "media", name);
        if (File.Exists(target))
        {
            return true;
        }

        // Only a media name is fetched: the stored file is served with the type its extension names.
        if (!MediaTypes.IsMedia(name) || !SafeDownloader.TryCheckUrl(url, out var uri, out _))
        {
            return false;
        }

        var room = committer.RoomLeft(bucketId);
        if (room == 0)
        {
            LogFetchFailed(logger, bucketId, uri!.Host, DownloadFailure.TooLarge);
            return false;
        }

        var temp = committer.TempPath(bucketId, "media");
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await downloader.DownloadAsync(url, file, DownloadRequirement.Media with { MaxBytes = room }, cancellationToken).ConfigureAwait(false);
            }

            // Another request may have stored it meanwhile: then that file is served.
            return await committer.CommitAsync(bucketId, temp, target, overwrite: false, cancellationToken).ConfigureAwait(false) || File.Exists(target);
        }
        catch (DownloadException ex)
        {
            LogFetchFailed(logger, bucketId, uri!.Host, ex.Reason);
            return false;
        }
        finally
        {
            BucketFileCommitter.Discard(temp);
        }
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string bucketId, string host, DownloadFailure reason);
}
