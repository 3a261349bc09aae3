using G4F.Backend.Downloads;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Media;

/// <summary>
/// The <c>?url=</c> fallback of <c>/media/{name}</c> (PROTOCOL 7.3, 14.4): a missing media file is fetched from the URL
/// through the <see cref="SafeDownloader"/> (media required) into the <see cref="FetchedMediaCache"/>, never redirected to.
/// </summary>
internal sealed partial class MediaUrlFallback(MediaLibrary library, FetchedMediaCache cache, FallbackFetchGate gate, ILogger<MediaUrlFallback> logger)
{
    /// <summary>
    /// The file to serve for the media <paramref name="name"/>: the stored file, else its fetched copy, else (with a
    /// <paramref name="url"/>) a copy fetched now; null when there is none. A URL of <paramref name="serverOrigin"/> is
    /// never fetched (the server would only ask itself); a refused or failed download is logged and null.
    /// </summary>
    public async Task<string?> FindOrFetchAsync(string name, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        if (library.PathOf(name) is not { } stored)
        {
            return null;
        }

        if (File.Exists(stored))
        {
            return stored;
        }

        var copy = cache.MediaPath(Path.GetFileName(stored));
        if (File.Exists(copy))
        {
            return copy;
        }

        if (url.Length == 0 || !cache.Enabled || !SafeDownloader.TryCheckUrl(url, out var uri, out _) || ServerOrigin.Owns(serverOrigin, uri!))
        {
            return null;
        }

        if (!await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false))
        {
            LogBusy(logger);
            return null;
        }

        try
        {
            return await cache.FetchAsync(copy, url, cancellationToken).ConfigureAwait(false) ? copy : null;
        }
        catch (DownloadException ex)
        {
            LogFetchFailed(logger, uri!.Host, ex.Reason);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger);
}
