using G4F.Backend.Downloads;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Media;

/// <summary>
/// The <c>?url=</c> fallback of <c>/media/{name}</c> (PROTOCOL 7.3, 14.4): a missing media file is fetched from the URL
/// through the <see cref="SafeDownloader"/> (media required) into the <see cref="FetchedMediaCache"/>, never redirected to.
/// </summary>
internal sealed partial class MediaUrlFallback(MediaLibrary library, FetchedMediaCache cache, ILogger<MediaUrlFallback> logger)
{
    /// <summary>
    /// The fetched copy standing in for the missing media <paramref name="name"/>: an earlier copy, else (with a
    /// <paramref name="url"/>) one fetched now; null when there is none. A URL of <paramref name="serverOrigin"/> is never
    /// fetched (the server would only ask itself); a refused or failed download is logged and null.
    /// </summary>
    public async Task<string?> FindOrFetchAsync(string name, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        if (library.PathOf(name) is not { } stored)
        {
            return null;
        }

        var found = await cache.FindOrFetchAsync(cache.MediaPath(Path.GetFileName(stored)), url, uri => ServerOrigin.Owns(serverOrigin, uri), cancellationToken).ConfigureAwait(false);
        if (found.Busy)
        {
            LogBusy(logger);
        }
        else if (found.FailedHost is { } host)
        {
            LogFetchFailed(logger, host, found.Reason);
        }

        return found.Path;
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger);
}
