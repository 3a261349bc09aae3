using G4F.Backend.Caching;
using G4F.Backend.Downloads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.WebClient;

/// <summary>
/// The files of the official g4f web client (<c>chat/</c> and <c>dist/</c>): from <see cref="WebClientOptions.Path"/> when
/// set, else fetched from <see cref="WebClientOptions.BaseUrl"/> through the safe downloader on first use and kept in the
/// <see cref="ICacheStore"/> (cache <c>web-client</c>, the relative path as key), as the original g4f GUI caches the
/// pages it downloads. Instances sharing a cache store share the fetched files.
/// </summary>
/// <remarks>
/// The client chooses only a relative path, checked by a strict syntax (<see cref="FindAsync"/>); the host of every fetch
/// is the server's own setting. Concurrent requests for one file share one load (cache store read, then fetch if need be),
/// and loads share the <see cref="WebClientOptions.MaxConcurrentFetches"/> slots, so at most that many files are being
/// read or fetched into memory at once; the files served lately stay in memory up to <see cref="MemoryBudgetBytes"/>.
/// A cache store that fails is a miss: the file is fetched again. Every count is bounded: at most
/// <see cref="WebClientOptions.MaxPendingLoads"/> distinct loads under way or queued (a request past it is
/// <see cref="WebClientFileStatus.Busy"/>); a load whose requests all went away before it had a slot is given up; a file
/// the source does not have is remembered as missing for <see cref="MissingFor"/> (at most <see cref="MaxMissingPaths"/> paths).
/// </remarks>
public sealed partial class WebClientFiles : IDisposable
{
    /// <summary>The cache's name in the <see cref="ICacheStore"/> (and, with the embedded store, its folder under the data directory).</summary>
    internal const string CacheName = "web-client";

    /// <summary>The most bytes of fetched files one instance keeps in memory between requests.</summary>
    internal const long MemoryBudgetBytes = 32L * 1024 * 1024;

    /// <summary>The most paths remembered as missing from the source (the oldest forgotten first).</summary>
    internal const int MaxMissingPaths = 1024;

    /// <summary>How long past its freshness a copy is kept to be served when a refresh fails; then it is gone.</summary>
    internal static readonly TimeSpan StaleLimit = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a path the source does not have answers 404 without a fetch (or <see cref="WebClientOptions.CacheDuration"/>
    /// when shorter): short, so a file added to the client shows up soon, long enough that repeated requests cost no fetch.
    /// </summary>
    internal static readonly TimeSpan MissingFor = TimeSpan.FromMinutes(5);

    private readonly IOptions<WebClientOptions> _options;
    private readonly ICacheStore _store;
    private readonly SafeDownloader _downloader;
    private readonly TimeProvider _time;
    private readonly ILogger<WebClientFiles> _logger;
    private readonly Dictionary<string, WebClientLoad> _loads = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly WebClientMemory _memory = new(MemoryBudgetBytes);
    private readonly WebClientMisses _misses = new(MaxMissingPaths);
    private readonly SemaphoreSlim _slots;

    internal WebClientFiles(IOptions<WebClientOptions> options, ICacheStore store, SafeDownloader downloader, TimeProvider time, ILogger<WebClientFiles> logger)
    {
        _options = options;
        _store = store;
        _downloader = downloader;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentFetches);
    }

    /// <summary>Whether the files come from a local folder (<c>G4F:Gui:Path</c>) rather than the fetched cache.</summary>
    public bool IsLocal => !string.IsNullOrEmpty(_options.Value.Path);

    /// <summary>The bytes of fetched files held in memory now.</summary>
    internal long MemoryBytes => _memory.Bytes;

    /// <summary>The distinct loads under way or waiting for a slot now.</summary>
    internal int PendingLoads
    {
        get
        {
            lock (_gate)
            {
                return _loads.Count;
            }
        }
    }

    /// <summary>The paths remembered as missing from the source now.</summary>
    internal int MissingPaths => _misses.Count;

    /// <summary>
    /// Finds <paramref name="relativePath"/> (<c>chat/index.html</c>, <c>dist/css/style.css</c>): on disk, in the cache, or
    /// by fetching it. A path outside the safe syntax is <see cref="WebClientFileStatus.NotFound"/> without touching the disk.
    /// </summary>
    /// <param name="relativePath">The path below the client's root, with <c>/</c> separators.</param>
    /// <param name="cancellationToken">
    /// Cancels waiting. A load that has its slot finishes for the next caller; one still waiting for a slot is given up
    /// when the last of its callers is gone.
    /// </param>
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

        if (_memory.Find(relativePath) is { } held && held.IsFresh(_time.GetUtcNow(), settings.CacheDuration))
        {
            return WebClientFile.Of(held);
        }

        if (_misses.IsMissing(relativePath, _time.GetUtcNow()))
        {
            return WebClientFile.NotFound;
        }

        WebClientLoad? load;
        lock (_gate)
        {
            if (_loads.TryGetValue(relativePath, out load))
            {
                load.Join();
            }
            else if (_loads.Count >= settings.MaxPendingLoads)
            {
                return WebClientFile.Busy;
            }
            else
            {
                load = new WebClientLoad(started => LoadAndForgetAsync(relativePath, started));
                _loads.Add(relativePath, load);
            }
        }

        try
        {
            return await load.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Leave(relativePath, load);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    // The last caller of a load that has no slot yet takes it off the queue: nobody would read what it fetched, and a
    // client that asks for many paths and drops each connection at once must not leave a fetch behind per path.
    private void Leave(string relativePath, WebClientLoad load)
    {
        lock (_gate)
        {
            if (!load.Leave())
            {
                return;
            }

            _loads.Remove(relativePath);
        }

        // Outside the lock: the slot wait may end (and the load run to its end) on this thread. The load saw GivenUp, so
        // this token is ours to dispose.
        load.Cancel();
        load.Dispose();
    }

    // Not tied to any caller's token: a caller that goes away must not poison the load the others wait for. Only all of
    // them going away before the slot gives it up (Leave); once it has its slot, it runs to its end, bounded by the slots
    // and the downloader's time cap, and its file (or its 404) serves the next request instead of being fetched again.
    private async Task<WebClientFile> LoadAndForgetAsync(string relativePath, WebClientLoad load)
    {
        try
        {
            await _slots.WaitAsync(load.Token).ConfigureAwait(false);
            try
            {
                bool started;
                lock (_gate)
                {
                    started = load.TryStart();
                }

                // Given up between the slot and this check: the slot goes to the next load at once.
                return started ? await LoadAsync(relativePath).ConfigureAwait(false) : throw new OperationCanceledException();
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            bool ownsToken;
            lock (_gate)
            {
                ownsToken = load.End();
                if (_loads.TryGetValue(relativePath, out var current) && current == load)
                {
                    _loads.Remove(relativePath);
                }
            }

            if (ownsToken)
            {
                load.Dispose();
            }
        }
    }

    private async Task<WebClientFile> LoadAsync(string relativePath)
    {
        var settings = _options.Value;

        // Another load may have found the path missing just before this one was made.
        if (_misses.IsMissing(relativePath, _time.GetUtcNow()))
        {
            return WebClientFile.NotFound;
        }

        // Another instance may have refreshed the file since this one kept its copy: the newer of the two counts.
        var held = _memory.Find(relativePath);
        var stored = held is not null && held.IsFresh(_time.GetUtcNow(), settings.CacheDuration) ? null : await ReadStoreAsync(relativePath).ConfigureAwait(false);
        var best = stored is not null && (held is null || stored.FetchedAt > held.FetchedAt) ? stored : held;
        var now = _time.GetUtcNow();
        if (best is not null && (best.IsFresh(now, settings.CacheDuration) || (string.IsNullOrEmpty(settings.BaseUrl) && best.IsUsable(now, settings.CacheDuration))))
        {
            _memory.Keep(relativePath, best);
            return WebClientFile.Of(best);
        }

        if (string.IsNullOrEmpty(settings.BaseUrl))
        {
            return WebClientFile.Unavailable;
        }

        var (fetched, failure, missing) = await FetchAsync(relativePath, settings).ConfigureAwait(false);
        if (fetched is not null)
        {
            _misses.Forget(relativePath);
            _memory.Keep(relativePath, fetched);
            await WriteStoreAsync(relativePath, fetched, settings.CacheDuration).ConfigureAwait(false);
            return WebClientFile.Of(fetched);
        }

        // A failed refresh keeps serving the copy we have, for a while: an old client beats no client.
        now = _time.GetUtcNow();
        if (best is not null && best.IsUsable(now, settings.CacheDuration))
        {
            return WebClientFile.Of(best);
        }

        // Only a 404 (or 410) is remembered: a source that fails otherwise is asked again by the next request.
        if (missing)
        {
            _misses.Remember(relativePath, now + (settings.CacheDuration < MissingFor ? settings.CacheDuration : MissingFor));
        }

        return failure;
    }

    private async Task<(WebClientCopy? Copy, WebClientFile Failure, bool Missing)> FetchAsync(string relativePath, WebClientOptions settings)
    {
        var url = settings.BaseUrl!.EndsWith('/') ? settings.BaseUrl + relativePath : settings.BaseUrl + "/" + relativePath;
        try
        {
            // Room for the header first, then the body straight after it: the stored value is the stream's bytes as they are,
            // with one copy into an exact-size array at the end.
            using var body = new MemoryStream();
            body.SetLength(WebClientCopy.HeaderLength);
            body.Position = WebClientCopy.HeaderLength;
            await _downloader.DownloadAsync(url, body, new DownloadRequirement(MaxBytes: settings.MaxFileBytes), CancellationToken.None).ConfigureAwait(false);
            var copy = WebClientCopy.Seal(body.ToArray(), _time.GetUtcNow());
            LogFetched(_logger, relativePath);
            return (copy, default, false);
        }
        catch (DownloadException ex)
        {
            LogFetchFailed(_logger, relativePath, ex.Message);

            // The source answered (a status other than 2xx): the file is not part of the client.
            return (null, ex.Reason == DownloadFailure.HttpStatus ? WebClientFile.NotFound : WebClientFile.Unavailable, ex.StatusCode is 404 or 410);
        }
    }

    // The cache is a convenience: whatever goes wrong in the store is a miss, and the file is fetched again.
    private async Task<WebClientCopy?> ReadStoreAsync(string relativePath)
    {
        try
        {
            return WebClientCopy.Read(await _store.GetAsync(CacheName, relativePath, CancellationToken.None).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Any failure of a host's store (its own timeouts included) is a miss, never a failed page.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(_logger, "read", relativePath, ex);
            return null;
        }
    }

    private async Task WriteStoreAsync(string relativePath, WebClientCopy copy, TimeSpan freshFor)
    {
        try
        {
            if (!await _store.SetAsync(CacheName, relativePath, copy.Value, copy.ExpiresAt(freshFor), CancellationToken.None).ConfigureAwait(false))
            {
                LogNotStored(_logger, relativePath);
            }
        }
#pragma warning disable CA1031 // As above: the fetched file is served all the same.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(_logger, "write", relativePath, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched the web client file {Path}")]
    private static partial void LogFetched(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web client file {Path} could not be fetched: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache store could not {Operation} the web client file {Path}; the file is served without it")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cache store did not keep the web client file {Path} (too large); this instance keeps it in memory only")]
    private static partial void LogNotStored(ILogger logger, string path);
}
