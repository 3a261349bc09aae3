using System.Collections.Concurrent;
using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.WebClient;

/// <summary>
/// The files of the official g4f web client (<c>chat/</c> and <c>dist/</c>): from <see cref="WebClientOptions.Path"/> when
/// set, else fetched from <see cref="WebClientOptions.BaseUrl"/> through the safe downloader on first use and cached under
/// the data directory (<c>.webclient/</c>), as the original g4f GUI caches the pages it downloads.
/// </summary>
/// <remarks>
/// The client chooses only a relative path, checked by a strict syntax (<see cref="FindAsync"/>); the host of every fetch
/// is the server's own setting. Concurrent requests for one missing file share one fetch.
/// </remarks>
public sealed partial class WebClientFiles : IDisposable
{
    private const string CacheFolder = ".webclient";

    private readonly IOptions<WebClientOptions> _options;
    private readonly DataPaths _paths;
    private readonly SafeDownloader _downloader;
    private readonly TimeProvider _time;
    private readonly ILogger<WebClientFiles> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<WebClientFile>>> _fetches = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetchSlots;

    internal WebClientFiles(IOptions<WebClientOptions> options, DataPaths paths, SafeDownloader downloader, TimeProvider time, ILogger<WebClientFiles> logger)
    {
        _options = options;
        _paths = paths;
        _downloader = downloader;
        _time = time;
        _logger = logger;
        _fetchSlots = new SemaphoreSlim(options.Value.MaxConcurrentFetches);
    }

    /// <summary>Whether the files come from a local folder (<c>G4F:Gui:Path</c>) rather than the fetched cache.</summary>
    public bool IsLocal => !string.IsNullOrEmpty(_options.Value.Path);

    /// <summary>
    /// Finds <paramref name="relativePath"/> (<c>chat/index.html</c>, <c>dist/css/style.css</c>): on disk, in the cache, or
    /// by fetching it. A path outside the safe syntax is <see cref="WebClientFileStatus.NotFound"/> without touching the disk.
    /// </summary>
    /// <param name="relativePath">The path below the client's root, with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels waiting; a fetch already under way finishes for the next caller.</param>
    /// <returns>The file, or why there is none.</returns>
    public async Task<WebClientFile> FindAsync(string relativePath, CancellationToken cancellationToken)
    {
        if (!WebClientPath.IsValid(relativePath))
        {
            return WebClientFile.NotFound;
        }

        var settings = _options.Value;
        if (!string.IsNullOrEmpty(settings.Path))
        {
            return WebClientPath.Under(settings.Path, relativePath) is { } local && File.Exists(local) ? WebClientFile.At(local) : WebClientFile.NotFound;
        }

        var cached = WebClientPath.Under(_paths.Combine(CacheFolder), relativePath);
        if (cached is null)
        {
            return WebClientFile.NotFound;
        }

        var info = new FileInfo(cached);
        if (info.Exists && _time.GetUtcNow().UtcDateTime - info.LastWriteTimeUtc < settings.CacheDuration)
        {
            return WebClientFile.At(cached);
        }

        if (string.IsNullOrEmpty(settings.BaseUrl))
        {
            return info.Exists ? WebClientFile.At(cached) : WebClientFile.Unavailable;
        }

        var fetch = _fetches.GetOrAdd(relativePath, path => new Lazy<Task<WebClientFile>>(() => FetchAndForgetAsync(path, cached)));
        var result = await fetch.Value.WaitAsync(cancellationToken).ConfigureAwait(false);

        // A failed refresh keeps serving the copy we have: an old client beats no client.
        return result.Status == WebClientFileStatus.Found || !File.Exists(cached) ? result : WebClientFile.At(cached);
    }

    /// <inheritdoc />
    public void Dispose() => _fetchSlots.Dispose();

    private async Task<WebClientFile> FetchAndForgetAsync(string relativePath, string destination)
    {
        try
        {
            return await FetchAsync(relativePath, destination).ConfigureAwait(false);
        }
        finally
        {
            _fetches.TryRemove(relativePath, out _);
        }
    }

    // Not tied to any caller's token: a caller that goes away must not poison the fetch the others wait for; the
    // downloader's own time cap bounds it.
    private async Task<WebClientFile> FetchAsync(string relativePath, string destination)
    {
        var settings = _options.Value;
        var url = settings.BaseUrl!.EndsWith('/') ? settings.BaseUrl + relativePath : settings.BaseUrl + "/" + relativePath;
        await _fetchSlots.WaitAsync().ConfigureAwait(false);
        var folder = Path.GetDirectoryName(destination)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await _downloader.DownloadAsync(url, file, new DownloadRequirement(MaxBytes: settings.MaxFileBytes), CancellationToken.None).ConfigureAwait(false);
            }

            File.Move(temp, destination, overwrite: true);
            LogFetched(_logger, relativePath);
            return WebClientFile.At(destination);
        }
        catch (DownloadException ex)
        {
            TempFiles.Discard(temp);
            LogFetchFailed(_logger, relativePath, ex.Message);

            // The source answered (a status other than 2xx): the file is not part of the client.
            return ex.Reason == DownloadFailure.HttpStatus ? WebClientFile.NotFound : WebClientFile.Unavailable;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TempFiles.Discard(temp);
            LogFetchFailed(_logger, relativePath, "the file could not be stored");
            return WebClientFile.Unavailable;
        }
        finally
        {
            _fetchSlots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched the web client file {Path}")]
    private static partial void LogFetched(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web client file {Path} could not be fetched: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string path, string reason);
}
