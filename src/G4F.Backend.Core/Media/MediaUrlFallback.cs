using Microsoft.Extensions.Logging;

namespace G4F.Backend.Media;

/// <summary>
/// The <c>?url=</c> fallback of <c>/media/{name}</c> (PROTOCOL 7.3, 14.4): a missing media file is fetched from the URL
/// through the <see cref="SafeDownloader"/> (media required) and stored under its name, never redirected to.
/// </summary>
internal sealed partial class MediaUrlFallback
{
    private readonly MediaLibrary _library;
    private readonly ILogger<MediaUrlFallback> _logger;

    private readonly FallbackFetchGate _gate;

    public MediaUrlFallback(MediaLibrary library, FallbackFetchGate gate, ILogger<MediaUrlFallback> logger)
    {
        _library = library;
        _gate = gate;
        _logger = logger;
    }

    /// <summary>
    /// Fetches <paramref name="url"/> into <c>media/&lt;name&gt;</c> when the file is missing; true when the file is there
    /// afterwards. A URL of <paramref name="serverOrigin"/> is never fetched (the server would only ask itself); a
    /// refused or failed download is logged and false.
    /// </summary>
    public async Task<bool> FetchAsync(string name, string url, string? serverOrigin, CancellationToken cancellationToken)
    {
        var target = _library.PathOf(name);
        if (target is null)
        {
            return false;
        }

        if (File.Exists(target))
        {
            return true;
        }

        if (!SafeDownloader.TryCheckUrl(url, out var uri, out _)
            || ServerOrigin.Owns(serverOrigin, uri!))
        {
            return false;
        }

        if (!await _gate.TryEnterAsync(cancellationToken).ConfigureAwait(false))
        {
            LogBusy(_logger);
            return false;
        }

        try
        {
            return await _library.StoreAsAsync(name, url, cancellationToken).ConfigureAwait(false);
        }
        catch (DownloadException ex)
        {
            LogFetchFailed(_logger, uri!.Host, ex.Reason);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }


    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching media was skipped: too many fetches are running")]
    private static partial void LogBusy(ILogger logger);
}
