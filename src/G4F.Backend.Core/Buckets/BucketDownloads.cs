using System.Text;
using System.Text.Json;
using G4F.Backend.Documents;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Runs a bucket's <c>downloads.json</c> (PROTOCOL 6.6) through the safe downloader: pages become markdown documents,
/// media go to <c>media/</c>. Called at the start of a bucket read.
/// </summary>
internal sealed partial class BucketDownloads(
    DataPaths paths,
    BucketLocks locks,
    SafeDownloader downloader,
    BucketFileCommitter committer,
    DocumentConverters converters,
    IOptions<G4FBackendOptions> options,
    ILogger<BucketDownloads> logger)
{
    /// <summary>The list file's name in the bucket folder.</summary>
    public const string ListFileName = "downloads.json";

    private const int MaxListBytes = 1024 * 1024;

    /// <summary>
    /// Fetches the URLs of <c>buckets/&lt;bucketId&gt;/downloads.json</c> when it exists and returns what was stored, in order;
    /// <paramref name="progress"/> gets the running count after each stored item. A URL that fails or is refused is
    /// skipped. <paramref name="deleteList"/> removes <c>downloads.json</c> afterwards.
    /// </summary>
    public async Task<IReadOnlyList<BucketDownload>> RunAsync(string bucketId, bool deleteList, Func<int, CancellationToken, ValueTask> progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketId);
        ArgumentNullException.ThrowIfNull(progress);
        if (!SafeName.TrySanitize(bucketId, out var sanitized) || sanitized != bucketId)
        {
            throw new ArgumentException("The bucket id is not a sanitised name.", nameof(bucketId));
        }

        var entries = await ReadListAsync(bucketId, deleteList, cancellationToken).ConfigureAwait(false);
        var stored = new List<BucketDownload>();
        var budget = Math.Max(0, options.Value.Buckets.MaxDownloads);
        var queue = new Queue<DownloadListEntry>(entries);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Breadth first: the listed URLs before any link, and every attempt (refused ones too) counts against the cap.
        while (queue.Count > 0 && budget > 0)
        {
            var entry = queue.Dequeue();
            if (!seen.Add(entry.Url))
            {
                continue;
            }

            budget--;
            var item = await FetchAsync(bucketId, entry, queue, budget, cancellationToken).ConfigureAwait(false);
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
        var path = paths.Combine(DataPaths.Buckets, bucketId, ListFileName);
        var gate = locks.For(bucketId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(path))
            {
                return [];
            }

            var bytes = new FileInfo(path).Length <= MaxListBytes ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
            if (deleteList)
            {
                File.Delete(path);
            }

            if (bytes is null)
            {
                LogBadList(logger, bucketId, "larger than 1 MiB");
                return [];
            }

            return DownloadList.Parse(bytes, options.Value.Buckets.MaxDownloadDepth);
        }
        catch (JsonException)
        {
            LogBadList(logger, bucketId, "not valid JSON");
            return [];
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<BucketDownload?> FetchAsync(string bucketId, DownloadListEntry entry, Queue<DownloadListEntry> queue, int budget, CancellationToken cancellationToken)
    {
        var host = SafeDownloader.TryCheckUrl(entry.Url, out var uri, out _) ? uri!.Host : "(invalid URL)";
        var temp = committer.TempPath(bucketId, null);
        try
        {
            var room = committer.RoomLeft(bucketId);
            DownloadResult result;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                result = await downloader.DownloadAsync(entry.Url, file, new DownloadRequirement(MaxBytes: room), cancellationToken).ConfigureAwait(false);
                if (entry.Depth > 0 && IsHtml(result.ContentType))
                {
                    file.Position = 0;
                    foreach (var link in HtmlLinks.Read(file, result.FinalUrl, budget))
                    {
                        queue.Enqueue(new DownloadListEntry(link, entry.Depth - 1));
                    }
                }
            }

            var item = IsMedia(result.ContentType)
                ? await StoreMediaAsync(bucketId, temp, result, cancellationToken).ConfigureAwait(false)
                : await StoreDocumentAsync(bucketId, temp, result, cancellationToken).ConfigureAwait(false);
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
        catch (DocumentConversionException)
        {
            LogSkipped(logger, bucketId, host, "conversion failed");
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogSkipped(logger, bucketId, host, "conversion took too long");
            return null;
        }
        finally
        {
            BucketFileCommitter.Discard(temp);
        }
    }

    private async Task<BucketDownload?> StoreMediaAsync(string bucketId, string temp, DownloadResult result, CancellationToken cancellationToken)
    {
        var extension = MediaTypes.ExtensionFor(result.ContentType);
        if (extension is null)
        {
            return null;
        }

        // The stored extension always matches the type, so the file is served as what it is.
        var name = result.FileName is { } suggested && MediaTypes.ContentTypeOf(suggested) == MediaTypes.ContentTypeOf("x" + extension)
            ? suggested
            : Path.GetFileNameWithoutExtension(result.FileName ?? PageNames.Stem(result.FinalUrl)) + extension;
        if (!SafeName.TrySanitize(name, out name))
        {
            return null;
        }

        paths.Folder(DataPaths.Buckets, bucketId, "media");
        var target = paths.Combine(DataPaths.Buckets, bucketId, "media", name);
        return await committer.CommitAsync(bucketId, temp, target, overwrite: true, cancellationToken).ConfigureAwait(false)
            ? new BucketDownload(name, IsMedia: true)
            : null;
    }

    private async Task<BucketDownload?> StoreDocumentAsync(string bucketId, string temp, DownloadResult result, CancellationToken cancellationToken)
    {
        var html = IsHtml(result.ContentType);
        var converter = html ? converters.Find("page.html", "text/html") : converters.Find(result.FileName ?? string.Empty, result.ContentType);
        if (converter is null)
        {
            return null;
        }

        var name = html || result.FileName is null ? PageNames.MarkdownName(result.FinalUrl) : result.FileName + ".md";
        var markdown = committer.TempPath(bucketId, null);
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.Value.Buckets.ConversionTimeout);
                var source = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                await using (source.ConfigureAwait(false))
                {
                    var writer = new StreamWriter(markdown, append: false, new UTF8Encoding(false));
                    await using (writer.ConfigureAwait(false))
                    {
                        var input = new DocumentInput(html ? "page.html" : result.FileName ?? name, result.ContentType, source);
                        await converter.ConvertAsync(input, writer, timeout.Token).ConfigureAwait(false);
                        await writer.WriteAsync($"\n\nSource: {result.FinalUrl.AbsoluteUri}\n".AsMemory(), timeout.Token).ConfigureAwait(false);
                    }
                }
            }

            var target = paths.Combine(DataPaths.Buckets, bucketId, name);
            return await committer.CommitAsync(bucketId, markdown, target, overwrite: true, cancellationToken).ConfigureAwait(false)
                ? new BucketDownload(name, IsMedia: false)
                : null;
        }
        finally
        {
            BucketFileCommitter.Discard(markdown);
        }
    }

    private static bool IsHtml(string? contentType) => contentType is "text/html" or "application/xhtml+xml";

    private static bool IsMedia(string? contentType) =>
        contentType is not null && contentType != "image/svg+xml"
        && (contentType.StartsWith("image/", StringComparison.Ordinal) || contentType.StartsWith("audio/", StringComparison.Ordinal) || contentType.StartsWith("video/", StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Warning, Message = "downloads.json of bucket {BucketId} is ignored: {Problem}")]
    private static partial void LogBadList(ILogger logger, string bucketId, string problem);

    // The host only: a query string may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "A download for bucket {BucketId} from {Host} was skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string bucketId, string host, string reason);
}
