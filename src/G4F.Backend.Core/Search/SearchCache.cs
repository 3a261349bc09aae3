using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using G4F.Backend.Caching;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Search;

/// <summary>
/// Search results kept for the rest of the UTC day, as the original does: entries <c>&lt;yyyy-MM-dd&gt;/&lt;sha256&gt;.json</c>
/// in the <see cref="Name"/> cache of the <see cref="ICacheStore"/> (by default files of that path under
/// <c>&lt;data&gt;/search/</c>), the hash taken over the engine, the query and the options that change the answer. An entry
/// expires at the next UTC midnight; the store's sweep removes earlier days.
/// </summary>
/// <remarks>
/// A store rather than process memory: a day of searches survives a restart (a redeploy does not repeat every user's
/// search against an engine that rate-limits), the size stays bounded by one day, and the key is a hash, so no request
/// text ever becomes a path.
/// </remarks>
internal sealed partial class SearchCache(ICacheStore store, TimeProvider timeProvider, ILogger<SearchCache> logger)
{
    /// <summary>The cache's name in the store (and its folder under the data directory).</summary>
    public const string Name = "search";

    /// <summary>The file name of a search: the SHA-256 of its key, in hex.</summary>
    public static string FileName(SearchCacheKey key)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(key, SearchJsonContext.Default.SearchCacheKey);
        return Convert.ToHexStringLower(SHA256.HashData(json)) + ".json";
    }

    /// <summary>Today's stored results for <paramref name="key"/>, or null.</summary>
    public async Task<WebSearchResults?> TryGetAsync(SearchCacheKey key, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await store.GetAsync(Name, EntryKey(key, Today()), cancellationToken).ConfigureAwait(false);
            return bytes is null ? null : JsonSerializer.Deserialize(bytes, SearchJsonContext.Default.WebSearchResults);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A broken entry is a miss: the search runs again and replaces it.
            LogCacheFailed(logger, "read", ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Stores today's results for <paramref name="key"/>; a failure is logged and otherwise ignored.</summary>
    public async Task StoreAsync(SearchCacheKey key, WebSearchResults results, CancellationToken cancellationToken)
    {
        try
        {
            var today = Today();
            var bytes = JsonSerializer.SerializeToUtf8Bytes(results, SearchJsonContext.Default.WebSearchResults);
            await store.SetAsync(Name, EntryKey(key, today), bytes, new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "write", ex.GetType().Name);
        }
    }

    private static string EntryKey(SearchCacheKey key, DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/" + FileName(key);

    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web search cache could not {Operation} an entry: {Reason}")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string reason);
}
