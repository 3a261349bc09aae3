using System.Text;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>
/// Uploaded cookie files (PROTOCOL 10), kept by the <see cref="ICookieFileStore"/>, and an in-memory index of their
/// cookies that an upload refreshes at once. Files stored before are read on first use. Cookie values are never logged;
/// only file names and counts are.
/// </summary>
internal sealed partial class CookieStore(ICookieFileStore files, IStorageLock storageLock, IOptions<CookieOptions> options, IOptions<CookieUploadOptions> upload, TimeProvider timeProvider, ILogger<CookieStore> logger)
{
    /// <summary>The lock resource of the cookie files: uploads one at a time, so the total size check holds.</summary>
    public const string LockResource = "cookies";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<StoredCookie>> _files = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private (StoredCookie Cookie, int File, int Line)[]? _cookies;
    private Task? _loading;

    /// <summary>Whether <paramref name="fileName"/> (already sanitised) names a kind of file the upload accepts.</summary>
    public static bool IsSupported(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".har", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses <paramref name="content"/> and, only when it is a readable cookie file, stores it as <paramref name="fileName"/>
    /// (replacing an earlier upload of that name) and makes its cookies current. Returns the number of usable cookies.
    /// </summary>
    /// <exception cref="CookieFileException">The file is not a readable cookie file; nothing was stored.</exception>
    public async Task<int> SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!SafeName.TrySanitize(fileName, out var name) || name != fileName || !IsSupported(name))
        {
            throw new CookieFileException("Not supported file");
        }

        var cookies = CookieFileParser.Parse(name, content);
        var limits = options.Value;
        CookieLimits.Check(cookies, limits);

        var held = await storageLock.AcquireAsync(LockResource, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            await EnsureLoadedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var others = _files.Where(f => f.Key != name).Sum(f => CookieLimits.SizeOf(f.Value));
                if (others + CookieLimits.SizeOf(cookies) > limits.MaxTotalBytes)
                {
                    throw new CookieFileException($"The stored cookies would be larger than {limits.MaxTotalBytes} bytes") { TooLarge = true };
                }
            }

            await files.SaveAsync(name, content, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _files[name] = cookies;
                _order.Remove(name);
                _order.Add(name);
                _cookies = null;
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
            await EnsureLoadedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot be read now (its database away) must not break the turn: it goes without stored cookies.
            LogUnreadable(logger, ex);
            return null;
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
            return _cookies ??= [.. _order.SelectMany((name, file) => _files[name].Select((cookie, line) => (cookie, file, line)))];
        }
    }

    /// <summary>Reads the stored files once; a failed read is tried again on the next use.</summary>
    private Task EnsureLoadedAsync()
    {
        lock (_gate)
        {
            if (_loading is not { IsFaulted: false, IsCanceled: false })
            {
                _loading = LoadExistingAsync();
            }

            return _loading;
        }
    }

    // Files from an earlier run, oldest first so the newest upload wins; unreadable ones are skipped with a warning.
    private async Task LoadExistingAsync()
    {
        // Not the caller's token: the load is shared by every caller waiting for it.
        var stored = await files.ListAsync(upload.Value.MaxCookieFileBytes, CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var file in stored)
            {
                if (!IsSupported(file.Name) || _files.ContainsKey(file.Name))
                {
                    continue;
                }

                try
                {
                    if (file.Content.Length > upload.Value.MaxCookieFileBytes)
                    {
                        throw new CookieFileException("The file is larger than G4F:MaxCookieFileBytes");
                    }

                    // Limits applied at upload hold for files from an earlier version too; the total is only checked at upload.
                    var cookies = CookieFileParser.Parse(file.Name, file.Content);
                    CookieLimits.Check(cookies, options.Value);
                    _files[file.Name] = cookies;
                    _order.Add(file.Name);
                }
                catch (CookieFileException ex)
                {
                    LogSkipped(logger, file.Name, ex.Message);
                }
            }

            _cookies = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored cookie file {FileName}: {CookieCount} cookies for {DomainCount} domains")]
    private static partial void LogStored(ILogger logger, string fileName, int cookieCount, int domainCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored cookie files could not be read; the request goes without them")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped cookie file {FileName}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string fileName, string reason);
}
