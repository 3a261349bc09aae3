using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Caching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// The answers of <c>GET /create?cache=...</c> (PROTOCOL 4), one entry per key in the <see cref="Name"/> cache of the
/// <see cref="ICacheStore"/> (by default <c>&lt;data&gt;/create-cache/&lt;key&gt;.txt</c>). The key is the SHA-256 of the
/// cache value and the request's parameters, so it never carries client text. An entry holds a kind line (<c>text</c>
/// or <c>media</c>) and the answer. Unlike the original's, the cache is bounded: answers expire after
/// <see cref="QuickAnswerOptions.CacheDuration"/>, and the store keeps at most <see cref="QuickAnswerOptions.MaxCacheEntries"/>.
/// The cache is a convenience: a store that fails it costs a log line, never an answer.
/// </summary>
internal sealed partial class QuickAnswerCache(ICacheStore store, IOptions<QuickAnswerOptions> options, TimeProvider time, ILogger<QuickAnswerCache> logger)
{
    /// <summary>The cache's name in the store (and its folder under the data directory).</summary>
    public const string Name = "create-cache";

    private const string TextKind = "text";
    private const string MediaKind = "media";
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Whether answers are cached at all (<see cref="QuickAnswerOptions.CacheDuration"/> above zero).</summary>
    public bool Enabled => options.Value.CacheDuration > TimeSpan.Zero;

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

        string content;
        try
        {
            if (await store.GetAsync(Name, EntryKey(key), cancellationToken).ConfigureAwait(false) is not { } bytes)
            {
                return null;
            }

            content = Utf8.GetString(bytes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
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

        try
        {
            var entry = Utf8.GetBytes((answer.IsMedia ? MediaKind : TextKind) + "\n" + answer.Text);
            await store.SetAsync(Name, EntryKey(key), entry, time.GetUtcNow() + options.Value.CacheDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "write", ex);
        }
    }

    private static string EntryKey(string key) => key + ".txt";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The /create answer cache could not {Operation} an entry; the answer goes on without it")]
    private static partial void LogCacheFailed(ILogger logger, string operation, Exception exception);
}
