using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Runs a bucket's <c>downloads.json</c> (PROTOCOL 6.6) through the safe downloader: pages become markdown documents,
/// media go to <c>media/</c>. Called at the start of a bucket read. Unlike the original, one list is fetched once:
/// a read while another read of the bucket is fetching skips the downloads, a list that was run is remembered
/// (<c>.downloads.done</c>) until it is replaced, and a whole run has a time budget.
/// </summary>
internal sealed partial class BucketDownloads(
    IBucketStore buckets,
    BucketLocks locks,
    SafeDownloader downloader,
    BucketFileCommitter committer,
    ScratchSpace scratch,
    DownloadStore store,
    IOptions<BucketOptions> options, IOptions<DownloadOptions> downloads,
    TimeProvider time,
    ILogger<BucketDownloads> logger)
{
    /// <summary>The marker of the list that was run; a dot name, which no sanitised name and so no route can reach.</summary>
    public const string DoneMarkerName = ".downloads.done";

    private const int MaxListBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Fetches the URLs of <c>buckets/&lt;bucketId&gt;/downloads.json</c> when it exists and was not run yet, and returns
    /// what was stored, in order; <paramref name="progress"/> gets the running count after each stored item. A URL that
    /// fails or is refused is skipped. <paramref name="deleteList"/> removes <c>downloads.json</c> afterwards.
    /// </summary>
    public async Task<IReadOnlyList<BucketDownload>> RunAsync(string bucketId, bool deleteList, Func<int, CancellationToken, ValueTask> progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketId);
        ArgumentNullException.ThrowIfNull(progress);
        if (!SafeName.TrySanitize(bucketId, out var sanitized) || sanitized != bucketId)
        {
            throw new ArgumentException("The bucket id is not a sanitised name.", nameof(bucketId));
        }

        // Concurrent reads of one bucket must not multiply the fetches: only the first one runs the list.
        if (!_running.TryAdd(bucketId, true))
        {
            LogBusy(logger, bucketId);
            return [];
        }

        try
        {
            var entries = await ReadListAsync(bucketId, deleteList, cancellationToken).ConfigureAwait(false);
            return entries.Count == 0 ? [] : await RunListAsync(bucketId, entries, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(bucketId, out _);
        }
    }

    private async Task<List<BucketDownload>> RunListAsync(string bucketId, List<DownloadListEntry> entries, Func<int, CancellationToken, ValueTask> progress, CancellationToken cancellationToken)
    {
        var stored = new List<BucketDownload>();
        var budget = Math.Max(0, options.Value.MaxDownloads);
        var queue = new Queue<DownloadListEntry>(entries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var deadline = new CancellationTokenSource(downloads.Value.ListTimeout, time);
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        // Breadth first: the listed URLs before any link, and every attempt (refused ones too) counts against the cap.
        while (queue.Count > 0 && budget > 0)
        {
            var entry = queue.Dequeue();
            if (!seen.Add(entry.Url))
            {
                continue;
            }

            budget--;
            BucketDownload? item;
            try
            {
                item = await FetchAsync(bucketId, entry, queue, budget, pass.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                LogOutOfTime(logger, bucketId, queue.Count + 1);
                break;
            }

            if (item is not null)
            {
                stored.Add(item);
                await progress(stored.Count, cancellationToken).ConfigureAwait(false);
            }
        }

        return stored;
    }

    private async Task<List<DownloadListEntry>> ReadListAsync(string bucketId, bool deleteList, CancellationToken cancellationToken)
    {
        var list = new BucketFileKey(bucketId, BucketArea.Record, BucketFileNames.Downloads);
        var marker = new BucketFileKey(bucketId, BucketArea.Record, DoneMarkerName);
        var gate = await locks.AcquireAsync(bucketId, cancellationToken).ConfigureAwait(false);
        try
        {
            byte[]? bytes;
            string stamp;
            var blob = await buckets.OpenReadAsync(list, cancellationToken).ConfigureAwait(false);
            if (blob is null)
            {
                return [];
            }

            await using (blob.ConfigureAwait(false))
            {
                bytes = blob.Length <= MaxListBytes ? await ReadAllAsync(blob, cancellationToken).ConfigureAwait(false) : null;

                // The same list file (content and time written) runs once; an upload of a new list runs again.
                stamp = $"{Convert.ToHexString(SHA256.HashData(bytes ?? []))} {blob.Length} {blob.LastModified.UtcTicks}";
            }

            if (deleteList)
            {
                await buckets.DeleteAsync(list, CancellationToken.None).ConfigureAwait(false);
                await buckets.DeleteAsync(marker, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                var done = await buckets.OpenReadAsync(marker, cancellationToken).ConfigureAwait(false);
                if (done is not null)
                {
                    await using (done.ConfigureAwait(false))
                    {
                        if (done.Length <= 1024 && Encoding.UTF8.GetString(await ReadAllAsync(done, cancellationToken).ConfigureAwait(false)) == stamp)
                        {
                            return [];
                        }
                    }
                }

                // Written before the run: a read that is cut off must not make the next read fetch it all again.
                using var content = new MemoryStream(Encoding.UTF8.GetBytes(stamp));
                await buckets.WriteAsync(marker, content, cancellationToken).ConfigureAwait(false);
            }

            if (bytes is null)
            {
                LogBadList(logger, bucketId, "larger than 1 MiB");
                return [];
            }

            return DownloadList.Parse(bytes, options.Value.MaxDownloadDepth);
        }
        catch (JsonException)
        {
            LogBadList(logger, bucketId, "not valid JSON");
            return [];
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadAllAsync(StoredBlob blob, CancellationToken cancellationToken)
    {
        var bytes = new byte[blob.Length];
        await blob.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private async Task<BucketDownload?> FetchAsync(string bucketId, DownloadListEntry entry, Queue<DownloadListEntry> queue, int budget, CancellationToken cancellationToken)
    {
        var host = SafeDownloader.TryCheckUrl(entry.Url, out var uri, out _) ? uri!.Host : "(invalid URL)";
        var temp = scratch.CreateFile(ScratchPurpose.Download);
        try
        {
            var room = await committer.RoomLeftAsync(bucketId, cancellationToken).ConfigureAwait(false);
            DownloadResult result;
            var file = temp.Create();
            await using (file.ConfigureAwait(false))
            {
                result = await downloader.DownloadAsync(entry.Url, file, new DownloadRequirement(MaxBytes: room), cancellationToken).ConfigureAwait(false);
                if (entry.Depth > 0 && DownloadStore.IsHtml(result.ContentType))
                {
                    file.Position = 0;
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(options.Value.ConversionTimeout);
                    foreach (var link in await HtmlLinks.ReadAsync(file, result.FinalUrl, budget, timeout.Token).ConfigureAwait(false))
                    {
                        queue.Enqueue(new DownloadListEntry(link, entry.Depth - 1));
                    }
                }
            }

            var item = await store.StoreAsync(bucketId, temp, result, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                LogSkipped(logger, bucketId, host, "not stored (unsupported type or bucket full)");
            }

            return item;
        }
        catch (DownloadException ex)
        {
            LogSkipped(logger, bucketId, host, ex.Reason.ToString());
            return null;
        }
        catch (DocumentConversionException ex)
        {
            // The message is the client-safe one of BucketConversion: no path, no URL.
            LogSkipped(logger, bucketId, host, ex.Message);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogSkipped(logger, bucketId, host, "conversion took too long");
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad URL (a converter crash, a disk error) costs that URL, never the whole read.
            LogFailed(logger, bucketId, host, ex);
            return null;
        }
        finally
        {
            temp.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "downloads.json of bucket {BucketId} is ignored: {Problem}")]
    private static partial void LogBadList(ILogger logger, string bucketId, string problem);

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "A download for bucket {BucketId} from {Host} was skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string bucketId, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A download for bucket {BucketId} from {Host} failed")]
    private static partial void LogFailed(ILogger logger, string bucketId, string host, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "downloads.json of bucket {BucketId} is already being run by another read; this read skips it")]
    private static partial void LogBusy(ILogger logger, string bucketId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "downloads.json of bucket {BucketId} ran out of time; {Left} URLs were skipped")]
    private static partial void LogOutOfTime(ILogger logger, string bucketId, int left);
}
