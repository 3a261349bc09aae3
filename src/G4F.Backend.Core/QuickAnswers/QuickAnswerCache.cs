using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// The answers of <c>GET /create?cache=...</c> (PROTOCOL 4), one file per key under <c>&lt;data&gt;/create-cache/</c>. The key is
/// the SHA-256 of the cache value and the request's parameters, so the file name never carries client text. A file holds
/// a kind line (<c>text</c> or <c>media</c>) and the answer; it is written to a temporary file and moved into place, so a
/// reader never sees half an answer. Unlike the original's, the cache is bounded: answers older than
/// <see cref="QuickAnswerOptions.CacheDuration"/> are misses, and a sweep keeps at most
/// <see cref="QuickAnswerOptions.MaxCacheEntries"/> files. The cache is a convenience: a disk that fails it costs a log
/// line, never an answer.
/// </summary>
internal sealed partial class QuickAnswerCache(DataPaths paths, IOptions<G4FBackendOptions> options, TimeProvider time, ILogger<QuickAnswerCache> logger)
{
    /// <summary>The cache folder under the data directory.</summary>
    public const string Folder = "create-cache";

    private const string TextKind = "text";
    private const string MediaKind = "media";
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    private long _nextSweepTicks;

    /// <summary>Whether answers are cached at all (<see cref="QuickAnswerOptions.CacheDuration"/> above zero).</summary>
    public bool Enabled => options.Value.Create.CacheDuration > TimeSpan.Zero;

    /// <summary>The key of <paramref name="cacheValue"/> with the canonical <paramref name="parameters"/>: 64 hex characters.</summary>
    public static string KeyOf(string cacheValue, string parameters) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cacheValue + parameters)));

    /// <summary>The stored answer under <paramref name="key"/>, or null when there is none, it expired, or it cannot be read.</summary>
    public async Task<CachedAnswer?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        var path = paths.Combine(Folder, key + ".txt");
        string content;
        try
        {
            if (!File.Exists(path) || IsExpired(File.GetLastWriteTimeUtc(path)))
            {
                return null;
            }

            content = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCacheFailed(logger, "read", ex);
            return null;
        }

        var newline = content.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return null;
        }

        var text = content[(newline + 1)..];
        return content.AsSpan(0, newline) switch
        {
            TextKind when text.Length > 0 => new CachedAnswer(text, IsMedia: false),
            MediaKind when text.Length > 0 => new CachedAnswer(text, IsMedia: true),
            _ => null,
        };
    }

    /// <summary>Stores <paramref name="answer"/> under <paramref name="key"/>; an empty answer is never stored.</summary>
    public async Task StoreAsync(string key, CachedAnswer answer, CancellationToken cancellationToken)
    {
        if (!Enabled || answer.Text.Length == 0)
        {
            return;
        }

        string? temp = null;
        try
        {
            var folder = paths.Folder(Folder);
            Sweep(folder);
            temp = Path.Combine(folder, $"{key}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(temp, (answer.IsMedia ? MediaKind : TextKind) + "\n" + answer.Text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, paths.Combine(Folder, key + ".txt"), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCacheFailed(logger, "write", ex);
        }
        finally
        {
            if (temp is not null && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private bool IsExpired(DateTime writtenUtc) => time.GetUtcNow().UtcDateTime - writtenUtc > options.Value.Create.CacheDuration;

    /// <summary>At most every ten minutes: expired answers and, beyond the cap, the oldest ones are removed.</summary>
    private void Sweep(string folder)
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, next) != next)
        {
            return;
        }

        var files = new DirectoryInfo(folder).GetFiles("*.txt").OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        var keep = options.Value.Create.MaxCacheEntries - 1;
        for (var i = 0; i < files.Count; i++)
        {
            if (i >= keep || IsExpired(files[i].LastWriteTimeUtc))
            {
                try
                {
                    files[i].Delete();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogCacheFailed(logger, "sweep", ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The /create answer cache could not {Operation} a file; the answer goes on without it")]
    private static partial void LogCacheFailed(ILogger logger, string operation, Exception exception);
}
