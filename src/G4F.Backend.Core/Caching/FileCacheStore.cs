using System.Collections.Concurrent;
using G4F.Backend.Storage;

namespace G4F.Backend.Caching;

/// <summary>
/// The embedded <see cref="ICacheStore"/>: one file per entry under <c>&lt;data&gt;/&lt;cache&gt;/</c>, named by
/// <see cref="CacheKeys.RelativePath"/>, with the entry's expiry as the file's last-write time (so an entry costs no
/// second file and the sweep sorts by a time the directory listing already has). A value is written to a temporary
/// file and moved into place, so a reader and concurrent writers of one key only ever see whole values.
/// </summary>
/// <remarks>
/// On a store, at most every ten minutes per cache, a sweep removes expired entries, then the entries that expire
/// first beyond the cache's <see cref="CacheLimit"/> (default <see cref="DefaultMaxEntries"/>), then empty folders.
/// </remarks>
internal sealed class FileCacheStore(DataPaths paths, TimeProvider time, IEnumerable<CacheLimit> limits) : ICacheStore
{
    /// <summary>The most entries of a cache without a <see cref="CacheLimit"/>.</summary>
    public const int DefaultMaxEntries = CacheStoreLimits.DefaultMaxEntries;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    // File times end in year 9999; an entry "forever" expires well before that.
    private static readonly DateTimeOffset LatestExpiry = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, int> _limits = limits.GroupBy(l => l.Cache, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().MaxEntries, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _nextSweepTicks = new(StringComparer.Ordinal);

    public async Task<byte[]?> GetAsync(string cache, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(cache, key);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || IsExpired(file.LastWriteTimeUtc) || file.Length > CacheStoreLimits.MaxEntryBytes)
            {
                return null;
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> SetAsync(string cache, string key, ReadOnlyMemory<byte> value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var path = PathOf(cache, key);
        if (value.Length > CacheStoreLimits.MaxEntryBytes || expiresAt <= time.GetUtcNow())
        {
            return false;
        }

        Sweep(cache);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            // Twice: a sweep may remove the folder as an empty one between its creation and the write.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await WriteAsync(temporary, value, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (DirectoryNotFoundException) when (attempt == 1)
                {
                }
            }

            File.SetLastWriteTimeUtc(temporary, (expiresAt < LatestExpiry ? expiresAt : LatestExpiry).UtcDateTime);
            File.Move(temporary, path, overwrite: true);
            temporary = null;
            return true;
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    public Task<bool> RemoveAsync(string cache, string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(cache, key));
        if (!file.Exists)
        {
            return Task.FromResult(false);
        }

        file.Delete();
        return Task.FromResult(true);
    }

    private static async Task WriteAsync(string path, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(value, cancellationToken).ConfigureAwait(false);
        }
    }

    private string PathOf(string cache, string key)
    {
        CacheKeys.ThrowIfInvalid(cache, key);
        return paths.Combine([cache, .. CacheKeys.RelativePath(key)]);
    }

    private bool IsExpired(DateTime expiresUtc) => time.GetUtcNow().UtcDateTime >= expiresUtc;

    private void Sweep(string cache)
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = _nextSweepTicks.GetOrAdd(cache, 0);
        if (now < next || !_nextSweepTicks.TryUpdate(cache, now + SweepInterval.Ticks, next))
        {
            return;
        }

        var folder = new DirectoryInfo(paths.Combine(cache));
        if (!folder.Exists)
        {
            return;
        }

        // Room for the entry being stored: the cap counts it.
        var keep = (_limits.TryGetValue(cache, out var max) ? max : DefaultMaxEntries) - 1;
        var entries = folder.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.EndsWith(".tmp", StringComparison.Ordinal))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            if (i >= keep || IsExpired(entries[i].LastWriteTimeUtc))
            {
                TryDelete(entries[i].FullName);
            }
        }

        foreach (var sub in folder.EnumerateDirectories("*", SearchOption.AllDirectories).OrderByDescending(d => d.FullName.Length).ToList())
        {
            try
            {
                if (!sub.EnumerateFileSystemInfos().Any())
                {
                    sub.Delete();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Written to meanwhile, or removed by another sweep.
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
            // Another writer's move or a sweep got there first; the next sweep tries again.
        }
    }
}
