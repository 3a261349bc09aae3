using System.Text;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// A full bucket read (PROTOCOL 6.3): the bucket's downloads first, then its text in pieces, then the downloaded
/// media, then the clean-up of the upload's file list, then the end. Unlike the original it never deletes text the
/// bucket still needs (PROTOCOL 14.14): documents stay, so later reads and conversations see them all.
/// </summary>
internal sealed class BucketReader(IBucketStore store, BucketLocks locks, BucketManifest manifest, BucketDownloads downloads, BucketText text, IOptions<BucketOptions> options)
{
    /// <summary>
    /// Reads bucket <paramref name="bucketId"/> (sanitised, existing) into <paramref name="sink"/>. Unless
    /// <paramref name="manage"/> (the reader owns the bucket, administers the server, or no identity is configured) the
    /// read only reads: no downloads run and no list is deleted, whatever <paramref name="deleteFiles"/> says.
    /// </summary>
    public async Task ReadAsync(string bucketId, bool manage, bool deleteFiles, bool refine, IBucketReadSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        deleteFiles &= manage;

        // The upload list this read processes; a concurrent upload that writes a new one must find it still there.
        var fileList = manage ? await ReadFileListAsync(bucketId, cancellationToken).ConfigureAwait(false) : null;
        // A bucket that lists its most documents downloads nothing more (its list stays for when there is room); one with
        // room may pass the limit by the downloads of this read, which is the most a list is read for.
        var downloaded = manage && (await manifest.ListedAsync(bucketId, cancellationToken).ConfigureAwait(false)).Count < options.Value.MaxDocuments
            ? await downloads.RunAsync(bucketId, deleteFiles, sink.DownloadedAsync, cancellationToken).ConfigureAwait(false)
            : [];
        var documents = new List<string>();
        foreach (var document in downloaded.Where(d => !d.IsMedia))
        {
            if (await StoredDocumentNameAsync(bucketId, document.Name, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                documents.Add(stored);
            }
        }

        if (documents.Count > 0)
        {
            await WithLockAsync(bucketId, () => manifest.AddDocumentsAsync(bucketId, documents, CancellationToken.None), cancellationToken).ConfigureAwait(false);
        }

        long size = 0;
        await foreach (var piece in text.ReadAsync(bucketId, cancellationToken).ConfigureAwait(false))
        {
            size += Encoding.UTF8.GetByteCount(piece);
            await sink.TextAsync(piece, size, refine, cancellationToken).ConfigureAwait(false);
        }

        foreach (var media in downloaded.Where(d => d.IsMedia))
        {
            await sink.MediaAsync(media.Name, cancellationToken).ConfigureAwait(false);
        }

        var listed = downloaded.Count > 0;
        await WithLockAsync(bucketId, async () =>
        {
            // files.txt goes after every read, as in the original; with delete_files so does the download list. The
            // documents themselves stay: here they are the bucket's text, not a source that a cache replaced.
            listed |= await DeleteFileListAsync(bucketId, fileList).ConfigureAwait(false);
            if (deleteFiles)
            {
                await store.DeleteAsync(new BucketFileKey(bucketId, BucketArea.Record, BucketFileNames.Downloads), CancellationToken.None).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        if (listed)
        {
            await sink.FilesDeletedAsync(cancellationToken).ConfigureAwait(false);
        }

        await sink.DoneAsync(size, cancellationToken).ConfigureAwait(false);
    }

    // The downloader names a page by its markdown file; accept the name with or without the ".md" it was stored under.
    private async Task<string?> StoredDocumentNameAsync(string bucketId, string name, CancellationToken cancellationToken)
    {
        foreach (var candidate in new[] { name, $"{name}.md" })
        {
            if (BucketFileNames.IsDocumentName(candidate)
                && await store.GetInfoAsync(new BucketFileKey(bucketId, BucketArea.Document, candidate), cancellationToken).ConfigureAwait(false) is not null)
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task<byte[]?> ReadFileListAsync(string bucketId, CancellationToken cancellationToken)
    {
        var blob = await store.OpenReadAsync(new BucketFileKey(bucketId, BucketArea.Record, BucketFileNames.FileList), cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return null;
        }

        await using (blob.ConfigureAwait(false))
        {
            using var bytes = new MemoryStream();
            await blob.Content.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes.ToArray();
        }
    }

    // Caller holds the bucket lock, so the list cannot change between the comparison and the delete.
    private async Task<bool> DeleteFileListAsync(string bucketId, byte[]? read)
    {
        var current = await ReadFileListAsync(bucketId, CancellationToken.None).ConfigureAwait(false);
        return read is not null && current is not null && read.AsSpan().SequenceEqual(current)
            && await store.DeleteAsync(new BucketFileKey(bucketId, BucketArea.Record, BucketFileNames.FileList), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task WithLockAsync(string bucketId, Func<Task> action, CancellationToken cancellationToken)
    {
        var gate = await locks.AcquireAsync(bucketId, cancellationToken).ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }
}
