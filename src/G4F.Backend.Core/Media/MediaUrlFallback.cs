using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Media;

/// <summary>
/// What a <c>/media</c>, <c>/images</c> or <c>/thumbnail</c> name serves (PROTOCOL 7.3, 14.4), in one place for the routes and
/// the turn's attached media: the stored media or its thumbnail, else the <c>?url=</c> fallback, a missing media file
/// fetched from the URL through the <see cref="SafeDownloader"/> (media required) into the <see cref="FetchedMediaCache"/>,
/// never redirected to.
/// </summary>
internal sealed partial class MediaUrlFallback(MediaLibrary library, FetchedMediaCache cache, ILogger<MediaUrlFallback> logger)
{
    /// <summary>
    /// The media <paramref name="name"/> opened (<see cref="MediaLibrary.OpenAsync"/>); when it is not stored, the copy
    /// fetched from <paramref name="url"/> instead (<see cref="FetchedCopyKey"/>), served whole even for a
    /// <paramref name="thumbnail"/> (a thumbnail of it would be one more blob outside the copies' total): an earlier copy of
    /// that URL, else one fetched now. Null when there is none, and always without a URL: which copy stands in is the
    /// URL's to say. A URL of <paramref name="serverOrigin"/> is never fetched (the server would only ask itself); a
    /// refused or failed download is logged and null.
    /// </summary>
    public async Task<StoredBlob?> OpenAsync(string name, bool thumbnail, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        if (!MediaLibrary.TryName(name, out var stored))
        {
            return null;
        }

        if (await library.OpenAsync(stored, thumbnail, cancellationToken).ConfigureAwait(false) is { } media)
        {
            return media;
        }

        if (url.Length == 0)
        {
            return null;
        }

        var found = await cache.FindOrFetchAsync(FetchedCopyKey.For(stored, url), url, uri => ServerOrigin.Owns(serverOrigin, uri), stillWanted: null, cancellationToken).ConfigureAwait(false);
        if (found.Busy)
        {
            LogBusy(logger);
        }
        else if (found.FailedHost is { } host)
        {
            LogFetchFailed(logger, host, found.Reason);
        }

        return found.Copy;
    }

    /// <summary>
    /// As <see cref="OpenAsync"/> but never fetching: the stored media, else an earlier copy of <paramref name="url"/> (none
    /// without a URL). For a turn attaching this server's media URL: what the route would serve, read from the store.
    /// </summary>
    public async Task<StoredBlob?> OpenWithoutFetchAsync(string name, bool thumbnail, string url, CancellationToken cancellationToken)
    {
        if (!MediaLibrary.TryName(name, out var stored))
        {
            return null;
        }

        return await library.OpenAsync(stored, thumbnail, cancellationToken).ConfigureAwait(false)
            ?? (url.Length == 0 ? null : await cache.FindAsync(FetchedCopyKey.For(stored, url), cancellationToken).ConfigureAwait(false));
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger);
}
