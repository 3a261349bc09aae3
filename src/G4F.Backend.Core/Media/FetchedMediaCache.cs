using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// Where the <c>?url=</c> fallbacks keep what they fetch: <c>&lt;data&gt;/.fetched/media/&lt;name&gt;</c> and
/// <c>&lt;data&gt;/.fetched/buckets/&lt;bucket&gt;/&lt;name&gt;</c>, never the media folder nor a bucket's folder, so a fetch never
/// counts against a bucket's quota. The copies together stay within <see cref="DownloadOptions.MaxFetchedBytes"/>:
/// storing one evicts the oldest copies first (only copies: uploaded and generated files live elsewhere). Stores are
/// serialised, so concurrent fetches never overshoot the total; bodies still downloading sit in the staging folder,
/// bounded by <see cref="DownloadOptions.MaxConcurrentFetches"/> times one body's cap.
/// </summary>
internal sealed class FetchedMediaCache(DataPaths paths, SafeDownloader downloader, TempFiles tempFiles, FallbackFetchGate gate, IOptions<G4FBackendOptions> options) : IDisposable
{
    /// <summary>The cache folder under the data directory.</summary>
    public const string Folder = ".fetched";

    private readonly SemaphoreSlim _lock = new(1, 1);

    // Oldest first; built from the folder on first use (copies survive a restart), then kept in step with every store.
    private LinkedList<(string Path, long Length)>? _copies;
    private long _total;

    /// <summary>Whether the fallbacks may store anything (<see cref="DownloadOptions.MaxFetchedBytes"/> is not 0).</summary>
    public bool Enabled => options.Value.Downloads.MaxFetchedBytes > 0;

    /// <summary>The path of the fetched copy of a media-folder name (sanitised by the caller); the file need not exist.</summary>
    public string MediaPath(string name) => paths.Combine(Folder, MediaLibrary.Folder, name);

    /// <summary>The path of the fetched copy of a bucket's media name (both sanitised by the caller); the file need not exist.</summary>
    public string BucketPath(string bucketId, string name) => paths.Combine(Folder, DataPaths.Buckets, bucketId, name);

    /// <summary>
    /// The copy at <paramref name="copy"/> (a path of <see cref="MediaPath"/> or <see cref="BucketPath"/>): an earlier one,
    /// else (with a <paramref name="url"/>) one fetched now within a slot of the <see cref="FallbackFetchGate"/>. A URL
    /// that <paramref name="isOwnUrl"/> names this server's own is never fetched: the server would only be asking itself.
    /// A refused or failed download is no copy, with its host and reason for the caller's log.
    /// </summary>
    public async Task<FallbackFetch> FindOrFetchAsync(string copy, string url, Func<Uri, bool> isOwnUrl, CancellationToken cancellationToken)
    {
        if (File.Exists(copy))
        {
            return new FallbackFetch(copy);
        }

        if (url.Length == 0 || !Enabled || !SafeDownloader.TryCheckUrl(url, out var uri, out _) || isOwnUrl(uri!))
        {
            return default;
        }

        if (!await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return new FallbackFetch(null, Busy: true);
        }

        try
        {
            return await FetchAsync(copy, url, cancellationToken).ConfigureAwait(false) ? new FallbackFetch(copy) : default;
        }
        catch (DownloadException ex)
        {
            return new FallbackFetch(null, uri!.Host, ex.Reason);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Downloads <paramref name="url"/> (media required, at most one body's cap and never more than the whole total) and
    /// stores it at <paramref name="target"/>, a path of <see cref="MediaPath"/> or <see cref="BucketPath"/>; true when the
    /// copy is there afterwards (also when another request stored it meanwhile).
    /// </summary>
    /// <exception cref="DownloadException">The URL was refused, the download failed or the body is over the cap.</exception>
    public async Task<bool> FetchAsync(string target, string url, CancellationToken cancellationToken)
    {
        var limit = options.Value.Downloads.MaxFetchedBytes;
        if (limit <= 0)
        {
            return false;
        }

        var temp = tempFiles.NewPath();
        try
        {
            long length;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                length = (await downloader.DownloadAsync(url, file, DownloadRequirement.Media with { MaxBytes = limit }, cancellationToken).ConfigureAwait(false)).Length;
            }

            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (File.Exists(target))
                {
                    return true;
                }

                var copies = _copies ??= Load();
                Evict(copies, limit - length);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(temp, target);
                copies.AddLast((target, length));
                _total += length;
                return true;
            }
            finally
            {
                _lock.Release();
            }
        }
        finally
        {
            TempFiles.Discard(temp);
        }
    }

    public void Dispose() => _lock.Dispose();

    private LinkedList<(string Path, long Length)> Load()
    {
        var root = paths.Folder(Folder);
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var files = new DirectoryInfo(root).EnumerateFiles("*", enumeration)
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => (f.FullName, f.Length))
            .ToList();
        _total = files.Sum(f => f.Length);
        return new LinkedList<(string Path, long Length)>(files);
    }

    /// <summary>Deletes the oldest copies until at most <paramref name="keep"/> bytes are left.</summary>
    private void Evict(LinkedList<(string Path, long Length)> copies, long keep)
    {
        while (_total > keep && copies.First is { } oldest)
        {
            copies.RemoveFirst();
            _total -= oldest.Value.Length;
            try
            {
                // A copy being served stays readable through its open handle.
                File.Delete(oldest.Value.Path);
                RemoveEmptyBucketFolder(Path.GetDirectoryName(oldest.Value.Path)!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A copy that cannot be deleted now is no longer counted; the folder is read again after a restart.
            }
        }
    }

    private void RemoveEmptyBucketFolder(string folder)
    {
        if (Path.GetDirectoryName(folder) == paths.Combine(Folder, DataPaths.Buckets) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }
}
