using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// Where the <c>?url=</c> fallbacks keep what they fetch: the <see cref="MediaArea.Fetched"/> copies of the
/// <see cref="IMediaStore"/>, never the library nor a bucket, so a fetch never counts against a bucket's quota. The copies
/// together stay within <see cref="DownloadOptions.MaxFetchedBytes"/>: storing one evicts the oldest copies first (only
/// copies: uploaded and generated files live elsewhere). Stores are serialised, so concurrent fetches never overshoot the
/// total; bodies still downloading sit in the staging folder, bounded by <see cref="DownloadOptions.MaxConcurrentFetches"/>
/// times one body's cap.
/// </summary>
internal sealed class FetchedMediaCache(IMediaStore store, SafeDownloader downloader, TempFiles tempFiles, FallbackFetchGate gate, IOptions<DownloadOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    // Oldest first; built from the folder on first use (copies survive a restart), then kept in step with every store.
    private LinkedList<MediaEntry>? _copies;
    private long _total;

    /// <summary>Whether the fallbacks may store anything (<see cref="DownloadOptions.MaxFetchedBytes"/> is not 0).</summary>
    public bool Enabled => options.Value.MaxFetchedBytes > 0;

    /// <summary>
    /// The fetched copy <paramref name="copy"/> (a <see cref="MediaArea.Fetched"/> key), opened: an earlier one, else
    /// (with a <paramref name="url"/>) one fetched now within a slot of the <see cref="FallbackFetchGate"/>. A URL that
    /// <paramref name="isOwnUrl"/> names this server's own is never fetched: the server would only be asking itself.
    /// A refused or failed download is no copy, with its host and reason for the caller's log.
    /// </summary>
    public async Task<FallbackFetch> FindOrFetchAsync(MediaKey copy, string url, Func<Uri, bool> isOwnUrl, CancellationToken cancellationToken)
    {
        if (await store.OpenReadAsync(copy, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return new FallbackFetch(earlier);
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
            // Evicted again by a concurrent fetch before it was opened: no copy this time, as when the fetch fails.
            return await FetchAsync(copy, url, cancellationToken).ConfigureAwait(false)
                ? new FallbackFetch(await store.OpenReadAsync(copy, cancellationToken).ConfigureAwait(false))
                : default;
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
    /// stores it as the copy <paramref name="target"/>; true when the copy is there afterwards (also when another request
    /// stored it meanwhile).
    /// </summary>
    /// <exception cref="DownloadException">The URL was refused, the download failed or the body is over the cap.</exception>
    public async Task<bool> FetchAsync(MediaKey target, string url, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFetchedBytes;
        if (limit <= 0)
        {
            return false;
        }

        var temp = tempFiles.NewPath();
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var length = (await downloader.DownloadAsync(url, file, DownloadRequirement.Media with { MaxBytes = limit }, cancellationToken).ConfigureAwait(false)).Length;
                await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (await store.GetInfoAsync(target, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        return true;
                    }

                    var copies = _copies ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
                    await EvictAsync(copies, limit - length).ConfigureAwait(false);
                    file.Position = 0;
                    var stored = await store.WriteAsync(target, file, cancellationToken).ConfigureAwait(false);
                    copies.AddLast(stored);
                    _total += stored.Length;
                    return true;
                }
                finally
                {
                    _lock.Release();
                }
            }
        }
        finally
        {
            TempFiles.Discard(temp);
        }
    }

    public void Dispose() => _lock.Dispose();

    private async Task<LinkedList<MediaEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var copies = new List<MediaEntry>();
        await foreach (var copy in store.ListAsync(MediaArea.Fetched, cancellationToken).ConfigureAwait(false))
        {
            copies.Add(copy);
        }

        _total = copies.Sum(c => c.Length);
        return new LinkedList<MediaEntry>(copies
            .OrderBy(c => c.LastModified)
            .ThenBy(c => c.Key.BucketId, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Name, StringComparer.Ordinal));
    }

    /// <summary>Deletes the oldest copies until at most <paramref name="keep"/> bytes are left.</summary>
    private async Task EvictAsync(LinkedList<MediaEntry> copies, long keep)
    {
        while (_total > keep && copies.First is { } oldest)
        {
            copies.RemoveFirst();
            _total -= oldest.Value.Length;
            try
            {
                // A copy being served stays readable to the reader that opened it. Not cancelled half-way: the count
                // above already forgot it.
                await store.DeleteAsync(oldest.Value.Key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A copy that cannot be deleted now is no longer counted; the store is listed again after a restart.
            }
        }
    }
}
