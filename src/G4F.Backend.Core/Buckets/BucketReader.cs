using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// A full bucket read (PROTOCOL 6.3): the bucket's downloads first, then its text in pieces, then the downloaded
/// media, then the clean-up of the upload's file list, then the end. Unlike the original it never deletes text the
/// bucket still needs (PROTOCOL 14.14): documents stay, so later reads and conversations see them all.
/// </summary>
internal sealed class BucketReader(DataPaths paths, BucketLocks locks, BucketManifest manifest, BucketDownloads downloads, BucketText text)
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
        var fileList = manage ? ReadFileList(bucketId) : null;
        var downloaded = manage
            ? await downloads.RunAsync(bucketId, deleteFiles, sink.DownloadedAsync, cancellationToken).ConfigureAwait(false)
            : [];
        var documents = downloaded.Where(d => !d.IsMedia).Select(d => StoredDocumentName(bucketId, d.Name)).OfType<string>().ToList();
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
        await WithLockAsync(bucketId, () =>
        {
            // files.txt goes after every read, as in the original; with delete_files so does the download list. The
            // documents themselves stay: here they are the bucket's text, not a source that a cache replaced.
            listed |= DeleteFileList(bucketId, fileList);
            if (deleteFiles)
            {
                Delete(bucketId, BucketFileNames.Downloads);
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        if (listed)
        {
            await sink.FilesDeletedAsync(cancellationToken).ConfigureAwait(false);
        }

        await sink.DoneAsync(size, cancellationToken).ConfigureAwait(false);
    }

    // The downloader names a page by its markdown file; accept the name with or without the ".md" it was stored under.
    private string? StoredDocumentName(string bucketId, string name)
    {
        foreach (var candidate in new[] { name, $"{name}.md" })
        {
            if (BucketFileNames.IsDocumentName(candidate) && File.Exists(paths.Combine(DataPaths.Buckets, bucketId, candidate)))
            {
                return candidate;
            }
        }

        return null;
    }

    private byte[]? ReadFileList(string bucketId)
    {
        try
        {
            return File.ReadAllBytes(paths.Combine(DataPaths.Buckets, bucketId, BucketFileNames.FileList));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // Caller holds the bucket lock, so the list cannot change between the comparison and the delete.
    private bool DeleteFileList(string bucketId, byte[]? read)
    {
        var current = ReadFileList(bucketId);
        return read is not null && current is not null && read.AsSpan().SequenceEqual(current) && Delete(bucketId, BucketFileNames.FileList);
    }

    private bool Delete(string bucketId, string name)
    {
        var path = paths.Combine(DataPaths.Buckets, bucketId, name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
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
