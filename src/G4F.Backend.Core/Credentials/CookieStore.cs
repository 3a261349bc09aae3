using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>
/// Uploaded cookie files (PROTOCOL 10), kept by the <see cref="ICookieFileStore"/>, and an in-memory index of their
/// cookies. An upload here refreshes it at once; what another instance (or a hand) stored is picked up once the index is
/// older than <see cref="CookieOptions.RefreshInterval"/>: the store's version is checked then, and the files are read
/// and parsed again only when it changed. Cookie values are never logged; only file names and counts are.
/// </summary>
internal sealed partial class CookieStore(ICookieFileStore files, IStorageLock storageLock, IOptions<CookieOptions> options, IOptions<CookieUploadOptions> upload, TimeProvider timeProvider, ILogger<CookieStore> logger)
{
    /// <summary>The lock resource of the cookie files: uploads one at a time, so the total size check holds.</summary>
    public const string LockResource = "cookies";

    /// <summary>The refusal of a file that yields no cookie a request could carry.</summary>
    internal const string NoUsableCookie = "The file holds no usable cookie (each needs a domain, a name and a value, and must not have expired)";

    private readonly Lock _gate = new();

    // One refresh (or upload) at a time: callers that find the index stale wait for the one refreshing it, and an
    // upload's change to the index is never overwritten by a listing taken before it.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly Dictionary<string, ParsedFile> _files = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private (StoredCookie Cookie, int File, int Line)[]? _cookies;
    private bool _loaded;
    private string? _version;
    private long _checkedAt;

    /// <summary>Whether <paramref name="fileName"/> (already sanitised) names a kind of file the upload accepts.</summary>
    public static bool IsSupported(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".har", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses <paramref name="content"/> and, only when it is a readable cookie file with at least one usable cookie within
    /// the limits, stores its unexpired cookies (<see cref="CookieNormalForm"/>) as <paramref name="fileName"/> (replacing an
    /// earlier upload of that name) and makes them current. Returns the number of usable cookies.
    /// </summary>
    /// <exception cref="CookieFileException">The file is not a readable cookie file, holds no usable cookie or is over a limit; nothing was stored.</exception>
    public async Task<int> SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!SafeName.TrySanitize(fileName, out var name) || name != fileName || !IsSupported(name))
        {
            throw new CookieFileException("Not supported file");
        }

        var limits = options.Value;
        var cookies = Usable(CookieFileParser.Parse(name, content));
        if (cookies.Count == 0)
        {
            // Nothing of it could ever be sent; stored, it would only take room no cookie limit counts.
            throw new CookieFileException(NoUsableCookie);
        }

        CookieLimits.Check(cookies, limits);

        // Stored in the compact form, not as uploaded: what the total limit counts is then what the store holds, and
        // what every refresh reads back.
        var stored = CookieNormalForm.Write(name, cookies);

        var held = await storageLock.AcquireAsync(LockResource, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Under the lock every writer takes, so the total is checked against what the store holds now,
                // uploads of other instances included, not against this instance's last look.
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    var others = _files.Where(f => f.Key != name).Sum(f => f.Value.Size);
                    if (others + stored.Length > limits.MaxTotalBytes)
                    {
                        throw new CookieFileException($"The stored cookies would be larger than {limits.MaxTotalBytes} bytes") { TooLarge = true };
                    }
                }

                await files.SaveAsync(name, stored, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _files[name] = new ParsedFile(Fingerprint(stored), cookies, null, stored.Length);
                    _order.Remove(name);
                    _order.Add(name);
                    _cookies = null;

                    // The store's version is not this index's any more; the next check lists the files once.
                    _version = null;
                }
            }
            finally
            {
                _refreshing.Release();
            }
        }

        LogStored(logger, name, cookies.Count, cookies.Select(c => c.Domain).Distinct(StringComparer.Ordinal).Count());
        return cookies.Count;
    }

    /// <summary>
    /// The <c>Cookie</c> header value for a request to <paramref name="url"/>, or null when no stored cookie applies. At
    /// most <see cref="CookieOptions.MaxHeaderBytes"/>: the newest upload's cookies are taken first (each file in its own
    /// order) and a cookie that would not fit is left out, so an oversize set never makes the upstream refuse the request.
    /// </summary>
    public async ValueTask<string?> HeaderForAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot be read now (its database away) must not break the turn: it goes with the cookies read
            // before, if any, and the next request tries again.
            LogUnreadable(logger, ex);
        }

        var now = timeProvider.GetUtcNow();

        // A later file (or a later line of one file) replaces an earlier cookie of the same name; the header keeps the
        // order in which names first appeared.
        var chosen = new Dictionary<string, (string Value, int File, int Line)>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (cookie, file, line) in Current())
        {
            if (cookie.AppliesTo(url, now))
            {
                if (!chosen.ContainsKey(cookie.Name))
                {
                    names.Add(cookie.Name);
                }

                chosen[cookie.Name] = (cookie.Value, file, line);
            }
        }

        if (names.Count == 0)
        {
            return null;
        }

        var room = options.Value.MaxHeaderBytes;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names.OrderByDescending(n => chosen[n].File).ThenBy(n => chosen[n].Line))
        {
            var size = name.Length + 1 + chosen[name].Value.Length + (kept.Count == 0 ? 0 : 2);
            if (size <= room)
            {
                kept.Add(name);
                room -= size;
            }
        }

        var header = new StringBuilder();
        foreach (var name in names.Where(kept.Contains))
        {
            header.Append(header.Length == 0 ? string.Empty : "; ").Append(name).Append('=').Append(chosen[name].Value);
        }

        return header.Length == 0 ? null : header.ToString();
    }

    // Every cookie with the rank of its file (oldest 0) and its line in that file.
    private (StoredCookie Cookie, int File, int Line)[] Current()
    {
        if (Volatile.Read(ref _cookies) is { } cookies)
        {
            return cookies;
        }

        lock (_gate)
        {
            return _cookies ??= [.. _order.SelectMany((name, file) => _files[name].Cookies.Select((cookie, line) => (cookie, file, line)))];
        }
    }

    /// <summary>Refreshes the index when it is older than the refresh interval (or was never read).</summary>
    private async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        if (IsCurrent())
        {
            return;
        }

        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (!IsCurrent())
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private bool IsCurrent()
    {
        lock (_gate)
        {
            return _loaded && timeProvider.GetElapsedTime(_checkedAt) < options.Value.RefreshInterval;
        }
    }

    /// <summary>
    /// Asks the store for its version and, when it differs from the index's (or the store cannot tell), lists the files
    /// and rebuilds the index from them. The caller holds <see cref="_refreshing"/>.
    /// </summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Taken before the check: a change stored while the files are read is seen at the next refresh.
        var started = timeProvider.GetTimestamp();
        var version = await files.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        bool unchanged;
        lock (_gate)
        {
            unchanged = _loaded && version is not null && version == _version;
        }

        if (!unchanged)
        {
            // The version was read before the listing: a write in between makes the next check list once more, never less.
            await RebuildAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _version = version;
            _checkedAt = started;
            _loaded = true;
        }
    }

    // The index as the store has it, oldest first so the newest upload wins; unreadable files are skipped with a
    // warning when they first appear (or change), and a file whose content did not change is not parsed again. The files
    // are read one at a time and only their cookies are kept, so the refresh holds one file's bytes at once.
    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, ParsedFile> previous;
        lock (_gate)
        {
            previous = new Dictionary<string, ParsedFile>(_files, StringComparer.Ordinal);
        }

        var rebuilt = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
        var order = new List<string>();
        await foreach (var file in files.ReadEachAsync(upload.Value.MaxCookieFileBytes, cancellationToken).ConfigureAwait(false))
        {
            if (!IsSupported(file.Name) || rebuilt.ContainsKey(file.Name))
            {
                continue;
            }

            var fingerprint = Fingerprint(file.Content);
            if (!previous.TryGetValue(file.Name, out var parsed) || parsed.Fingerprint != fingerprint)
            {
                parsed = Parse(file, fingerprint);
            }

            // A skipped file stays in the index without cookies, out of the order, so its warning is not repeated.
            rebuilt[file.Name] = parsed;
            if (parsed.Skipped is null)
            {
                order.Add(file.Name);
            }
        }

        lock (_gate)
        {
            _files.Clear();
            foreach (var (name, parsed) in rebuilt)
            {
                _files[name] = parsed;
            }

            _order.Clear();
            _order.AddRange(order);
            _cookies = null;
        }
    }

    private ParsedFile Parse(CookieFile file, string fingerprint)
    {
        try
        {
            if (file.Content.Length > upload.Value.MaxCookieFileBytes)
            {
                throw new CookieFileException("The file is larger than G4F:MaxCookieFileBytes");
            }

            // Limits applied at upload hold for files from an earlier version too; the total is only checked at upload,
            // where each stored file counts the size of its compact form (a file stored as uploaded by an earlier version
            // counts what it would take now, so an upgrade does not refuse every upload until it is replaced).
            var cookies = CookieFileParser.Parse(file.Name, file.Content);
            CookieLimits.Check(cookies, options.Value);
            return new ParsedFile(fingerprint, cookies, null, CookieNormalForm.Write(file.Name, cookies).Length);
        }
        catch (CookieFileException ex)
        {
            LogSkipped(logger, file.Name, ex.Message);
            return new ParsedFile(fingerprint, [], ex.Message, 0);
        }
    }

    // Tells a file's content from its earlier content without keeping the bytes.
    private static string Fingerprint(ReadOnlyMemory<byte> content) => Convert.ToHexString(SHA256.HashData(content.Span));

    // The cookies of an upload that a request could still carry: an expired one never goes out, so it is not stored.
    private List<StoredCookie> Usable(IReadOnlyList<StoredCookie> cookies)
    {
        var now = timeProvider.GetUtcNow();
        return [.. cookies.Where(c => c.Expires is null || c.Expires > now)];
    }

    /// <summary>
    /// One stored file in the index: the hash of its content, its cookies, why it was skipped (if it was), and the bytes
    /// it counts against <see cref="CookieOptions.MaxTotalBytes"/> (its compact form).
    /// </summary>
    private sealed record ParsedFile(string Fingerprint, IReadOnlyList<StoredCookie> Cookies, string? Skipped, long Size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored cookie file {FileName}: {CookieCount} cookies for {DomainCount} domains")]
    private static partial void LogStored(ILogger logger, string fileName, int cookieCount, int domainCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored cookie files could not be read; the request goes with the cookies read before, if any")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped cookie file {FileName}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string fileName, string reason);
}
