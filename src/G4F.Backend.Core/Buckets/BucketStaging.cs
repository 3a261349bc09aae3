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

    public BucketStaging(DataPaths paths, BucketOptions options, string bucketId)
    {
        _options = options;
        _bucketBytes = StoredBytes(paths.Combine(DataPaths.Buckets, bucketId));
        Folder = paths.Folder(BucketFileNames.Staging, Guid.NewGuid().ToString("N"));
    }

    /// <summary>The private folder; also the place for conversion outputs and thumbnails before they are committed.</summary>
    public string Folder { get; }

    /// <summary>The staged files in upload order.</summary>
    public IReadOnlyList<StagedFile> Files => _files;

    /// <summary>Copies one file part; throws <see cref="BucketLimitException"/> as soon as a limit is passed.</summary>
    public async Task AddAsync(string name, string? contentType, Stream content, CancellationToken cancellationToken)
    {
        if (_files.Count >= _options.MaxFilesPerRequest)
        {
            throw new BucketLimitException($"An upload may hold at most {_options.MaxFilesPerRequest} files");
        }

        var path = Path.Join(Folder, $"{_files.Count:D4}.upload");
        long length = 0;
        var buffer = new byte[81920];
        var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true);
        await using (target.ConfigureAwait(false))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                _requestBytes += read;
                Check(length);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        _files.Add(new StagedFile(name, contentType, path, length));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The bytes a bucket holds now (documents, media, thumbnails); 0 for a new bucket.</summary>
    public static long StoredBytes(string bucketFolder)
    {
        if (!Directory.Exists(bucketFolder))
        {
            return 0;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(bucketFolder).EnumerateFiles("*", options).Sum(file => file.Length);
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
