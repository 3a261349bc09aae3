using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Search;

/// <summary>
/// Search results kept for the rest of the UTC day, as the original does: <c>search/&lt;yyyy-MM-dd&gt;/&lt;sha256&gt;.json</c>
/// under the data directory, the hash taken over the engine, the query and the options that change the answer.
/// Storing the first entry of a day removes the folders of earlier days.
/// </summary>
/// <remarks>
/// Files rather than memory: a day of searches survives a restart (a redeploy does not repeat every user's search
/// against an engine that rate-limits), the size stays bounded by one day without an eviction policy, and the file
/// name is a hash, so no request text ever becomes a path.
/// </remarks>
internal sealed partial class SearchCache(DataPaths paths, TimeProvider timeProvider, ILogger<SearchCache> logger)
{
    /// <summary>The cache's folder under the data directory.</summary>
    public const string Folder = "search";

    /// <summary>The file name of a search: the SHA-256 of its key, in hex.</summary>
    public static string FileName(SearchCacheKey key)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(key, SearchJsonContext.Default.SearchCacheKey);
        return Convert.ToHexStringLower(SHA256.HashData(json)) + ".json";
    }

    /// <summary>Today's stored results for <paramref name="key"/>, or null.</summary>
    public async Task<WebSearchResults?> TryGetAsync(SearchCacheKey key, CancellationToken cancellationToken)
    {
        var path = paths.Combine(Folder, Today(), FileName(key));
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, SearchJsonContext.Default.WebSearchResults, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // A broken entry is a miss: the search runs again and replaces it.
            LogCacheFailed(logger, "read", ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Stores today's results for <paramref name="key"/>; a failure is logged and otherwise ignored.</summary>
    public async Task StoreAsync(SearchCacheKey key, WebSearchResults results, CancellationToken cancellationToken)
    {
        var today = Today();
        string? temporary = null;
        try
        {
            var folder = paths.Folder(Folder, today);
            var path = Path.Join(folder, FileName(key));
            temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, results, SearchJsonContext.Default.WebSearchResults, cancellationToken).ConfigureAwait(false);
            }

            // Readers see the old entry or the new one, never half of one.
            File.Move(temporary, path, overwrite: true);
            RemoveEarlierDays(today);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCacheFailed(logger, "write", ex.GetType().Name);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private void RemoveEarlierDays(string today)
    {
        foreach (var day in Directory.EnumerateDirectories(paths.Combine(Folder)))
        {
            if (Path.GetFileName(day) != today)
            {
                try
                {
                    Directory.Delete(day, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another request is removing it too, or a file is still open: the next store tries again.
                    LogCacheFailed(logger, "prune", ex.GetType().Name);
                }
            }
        }
    }

    private static void TryDelete(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the day's pruning.
        }
    }

    private string Today() => timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web search cache could not {Operation} an entry: {Reason}")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string reason);
}
