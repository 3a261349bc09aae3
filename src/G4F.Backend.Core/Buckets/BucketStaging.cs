using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// Phase 1 of an upload: every file is copied into a private folder inside the data directory while its bytes are
/// counted against the limits, so nothing reaches the bucket before the whole request is known to fit. Disposing
/// deletes the folder with whatever is left in it, whatever happened.
/// </summary>
internal sealed class BucketStaging : IDisposable
{
    private readonly BucketOptions _options;
    private readonly long _bucketBytes;
    private readonly List<StagedFile> _files = [];
    private long _requestBytes;

    /// <summary>
    /// Creates the folder for an upload into a bucket that holds <paramref name="bucketBytes"/> now; throws
    /// <see cref="BucketStorageException"/> when the disk fails. The folder is on local disk whatever the bucket store:
    /// what it holds is temporary and belongs to this request.
    /// </summary>
    public BucketStaging(ScratchSpace scratch, BucketOptions options, long bucketBytes)
    {
        _options = options;
        _bucketBytes = bucketBytes;
        Folder = Disk(() => scratch.CreateFolder(ScratchPurpose.Upload));
    }

    /// <summary>The limits this upload is held to.</summary>
    public BucketOptions Limits => _options;

    /// <summary>The bytes the bucket held when the upload started (for early refusals; the commit checks again under the lock).</summary>
    public long BucketBytes => _bucketBytes;

    /// <summary>The private folder; also the place for conversion outputs and thumbnails before they are committed.</summary>
    public ScratchFolder Folder { get; }

    /// <summary>The staged files in upload order.</summary>
    public IReadOnlyList<StagedFile> Files => _files;

    /// <summary>Copies one file part; throws <see cref="BucketLimitException"/> as soon as a limit is passed.</summary>
    public async Task AddAsync(string name, string? contentType, Stream content, CancellationToken cancellationToken)
    {
        if (_files.Count >= _options.MaxFilesPerRequest)
        {
            throw new BucketLimitException($"An upload may hold at most {_options.MaxFilesPerRequest} files");
        }

        var path = Folder.PathOf($"{_files.Count:D4}.upload");
        long length = 0;
        var buffer = new byte[81920];
        var target = Disk(() => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true));
        await using (target.ConfigureAwait(false))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                _requestBytes += read;
                Check(length);
                try
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new BucketStorageException(ex);
                }
            }
        }

        _files.Add(new StagedFile(name, contentType, path, length));
    }

    /// <summary>Deletes the folder; never throws, as it runs in a <c>finally</c> whose own failure must not hide the answer.</summary>
    public void Dispose() => Folder.Dispose();

    // Disk failures are told apart from a broken request body, which surfaces as IOException from the reader too.
    private static T Disk<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BucketStorageException(ex);
        }
    }

    private void Check(long fileBytes)
    {
        if (fileBytes > _options.MaxFileBytes)
        {
            throw new BucketLimitException($"A file may be at most {_options.MaxFileBytes} bytes");
        }

        if (_requestBytes > _options.MaxRequestBytes)
        {
            throw new BucketLimitException($"An upload may be at most {_options.MaxRequestBytes} bytes");
        }

        if (_bucketBytes + _requestBytes > _options.MaxBucketBytes)
        {
            throw new BucketLimitException($"A bucket may hold at most {_options.MaxBucketBytes} bytes");
        }
    }
}
