using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Media;

/// <summary>
/// The <c>?url=</c> fallback of <c>/files/{bucket}/media/{name}</c> (PROTOCOL 6.5, 14.4): a missing media file of an
/// existing bucket is fetched from the URL through the <see cref="SafeDownloader"/> (media required) and stored under
/// its name, instead of redirecting the client to wherever the URL points.
/// </summary>
internal sealed partial class BucketMediaFetcher
{
    private readonly DataPaths _paths;
    private readonly SafeDownloader _downloader;
    private readonly BucketFileCommitter _committer;
    private readonly ILogger<BucketMediaFetcher> _logger;

    private readonly FallbackFetchGate _gate;

    public BucketMediaFetcher(DataPaths paths, SafeDownloader downloader, BucketFileCommitter committer, FallbackFetchGate gate, ILogger<BucketMediaFetcher> logger)
    {
        _paths = paths;
        _downloader = downloader;
        _committer = committer;
        _gate = gate;
        _logger = logger;
    }

    /// <summary>
    /// Fetches <paramref name="url"/> into <c>buckets/&lt;bucketId&gt;/media/&lt;name&gt;</c> (both already sanitised) when the
    /// bucket exists and the file does not; true when the file is there afterwards. A refused or failed download is
    /// logged and false. A URL naming one of this server's own bucket files (relative, or of
    /// <paramref name="serverOrigin"/>) is never fetched: the server would only be asking itself.
    /// </summary>
    public async Task<bool> FetchAsync(string bucketId, string name, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        var target = _paths.Combine(DataPaths.Buckets, bucketId, BucketFileNames.Media, name);
        if (File.Exists(target))
        {
            return true;
        }

        // Only a media name is fetched: the stored file is served with the type its extension names.
        if (!_committer.BucketExists(bucketId) || !MediaTypes.IsMedia(name) || LocalFileUrl.TryParse(url, serverOrigin, out _)
            || !SafeDownloader.TryCheckUrl(url, out var uri, out _))
        {
            return false;
        }

        if (!await _gate.TryEnterAsync(cancellationToken).ConfigureAwait(false))
        {
            LogBusy(_logger, bucketId);
            return false;
        }

        try
        {
            return await FetchUnderGateAsync(bucketId, name, url, uri!.Host, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> FetchUnderGateAsync(string bucketId, string name, string url, string host, string target, CancellationToken cancellationToken)
    {
        var room = _committer.RoomLeft(bucketId);
        if (room == 0)
        {
            LogFetchFailed(_logger, bucketId, host, DownloadFailure.TooLarge);
            return false;
        }

        var temp = _committer.TempPath();
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await _downloader.DownloadAsync(url, file, DownloadRequirement.Media with { MaxBytes = room }, cancellationToken).ConfigureAwait(false);
            }

            // Another request may have stored it meanwhile: then that file is served.
            return await _committer.CommitAsync(bucketId, temp, BucketFileNames.Media, name, BucketCommitMode.IfAbsent, cancellationToken).ConfigureAwait(false) is not null
                || File.Exists(target);
        }
        catch (DownloadException ex)
        {
            LogFetchFailed(_logger, bucketId, host, ex.Reason);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching bucket {BucketId} media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger, string bucketId);
}
