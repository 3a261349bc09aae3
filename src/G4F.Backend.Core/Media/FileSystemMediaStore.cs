using System.Runtime.CompilerServices;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>
/// The embedded <see cref="IMediaStore"/>: files under the data directory, <c>media/&lt;name&gt;</c> (PROTOCOL 7.1),
/// <c>media/thumbnails/&lt;name&gt;</c>, <c>.fetched/media/&lt;name&gt;</c> and <c>.fetched/buckets/&lt;bucket&gt;/&lt;name&gt;</c>.
/// Writes go through a hidden temporary file beside the target and one rename into place.
/// </summary>
internal sealed class FileSystemMediaStore(DataPaths paths) : IMediaStore
{
    /// <summary>The media folder under the data directory.</summary>
    public const string MediaFolder = "media";

    /// <summary>The thumbnail folder inside <see cref="MediaFolder"/>.</summary>
    public const string ThumbnailFolder = "thumbnails";

    /// <summary>The fetched copies' folder under the data directory.</summary>
    public const string FetchedFolder = ".fetched";

    private static readonly EnumerationOptions Flat = new() { AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Directory, IgnoreInaccessible = true };

    public Task<StoredBlob?> OpenReadAsync(MediaKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileBlobs.TryOpen(PathOf(key)));
    }

    public Task<MediaEntry?> GetInfoAsync(MediaKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileBlobs.TryInfo(PathOf(key)) is { } info ? new MediaEntry(key, info.Length, info.LastModified) : null);
    }

    public async Task<MediaEntry> WriteAsync(MediaKey key, Stream content, CancellationToken cancellationToken)
    {
        var (length, lastModified) = await FileBlobs.WriteAsync(PathOf(key), content, cancellationToken).ConfigureAwait(false);
        return new MediaEntry(key, length, lastModified);
    }

    public Task<bool> DeleteAsync(MediaKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        var deleted = FileBlobs.Delete(path);
        if (deleted && key.BucketId is not null)
        {
            // A bucket's copies folder goes with its last copy, so evicted buckets leave nothing behind.
            var folder = Path.GetDirectoryName(path)!;
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }

        return Task.FromResult(deleted);
    }

    public IAsyncEnumerable<MediaEntry> ListAsync(MediaArea area, CancellationToken cancellationToken) => area switch
    {
        MediaArea.Library => ListAsync(paths.Combine(MediaFolder), name => MediaKey.Library(name), cancellationToken),
        MediaArea.Thumbnail => ListAsync(paths.Combine(MediaFolder, ThumbnailFolder), name => MediaKey.Thumbnail(name), cancellationToken),
        MediaArea.Fetched => ListFetchedAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(area)),
    };

    private async IAsyncEnumerable<MediaEntry> ListFetchedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in ListAsync(paths.Combine(FetchedFolder, MediaFolder), name => MediaKey.Fetched(name), cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }

        var buckets = new DirectoryInfo(paths.Combine(FetchedFolder, DataPaths.Buckets));
        if (!buckets.Exists)
        {
            yield break;
        }

        var folders = new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var bucket in buckets.EnumerateDirectories("*", folders))
        {
            if (!StoredNames.IsValid(bucket.Name))
            {
                continue;
            }

            var id = bucket.Name;
            await foreach (var entry in ListAsync(bucket.FullName, name => MediaKey.Fetched(name, id), cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
        }
    }

    private static async IAsyncEnumerable<MediaEntry> ListAsync(string folder, Func<string, MediaKey> keyOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var directory = new DirectoryInfo(folder);
        if (!directory.Exists)
        {
            yield break;
        }

        foreach (var file in directory.EnumerateFiles("*", Flat))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Only names a key can hold: anything else in the folder was not written through the store.
            if (StoredNames.IsValid(file.Name))
            {
                yield return new MediaEntry(keyOf(file.Name), file.Length, new DateTimeOffset(file.LastWriteTimeUtc));
            }
        }
    }

    private string PathOf(MediaKey key)
    {
        var name = FileBlobs.Checked(key.Name, nameof(key));
        if (key.BucketId is not null && key.Area != MediaArea.Fetched)
        {
            throw new ArgumentException("Only a fetched copy belongs to a bucket.", nameof(key));
        }

        return key.Area switch
        {
            MediaArea.Library => paths.Combine(MediaFolder, name),
            MediaArea.Thumbnail => paths.Combine(MediaFolder, ThumbnailFolder, name),
            MediaArea.Fetched when key.BucketId is null => paths.Combine(FetchedFolder, MediaFolder, name),
            MediaArea.Fetched => paths.Combine(FetchedFolder, DataPaths.Buckets, FileBlobs.Checked(key.BucketId, nameof(key)), name),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }
}
