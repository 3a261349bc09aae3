using System.Runtime.CompilerServices;
using System.Text.Json;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The embedded <see cref="IBucketStore"/>: one folder per bucket, <c>buckets/&lt;id&gt;/</c>, with documents and records
/// at its root, <c>media/</c>, <c>thumbnail/</c> and <c>.text/</c> inside (PROTOCOL 6.2), and owner records as
/// <c>owners/&lt;id&gt;.json</c> outside every bucket, so no upload, share or read route can write or serve them. Writes go
/// through a hidden temporary file beside the target and one rename into place.
/// </summary>
internal sealed class FileSystemBucketStore(DataPaths paths) : IBucketStore
{
    /// <summary>The owner records' folder under the data directory.</summary>
    public const string OwnersFolder = "owners";

    private const int MaxOwnerRecordBytes = 64 * 1024;

    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
    private static readonly EnumerationOptions Flat = new() { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };

    // Claims of new ids across every store instance of the process (see ClaimOwnerAsync); claims are rare.
    private static readonly Lock NewClaimGate = new();

    public Task<bool> ExistsAsync(string bucketId, CancellationToken cancellationToken) =>
        Task.FromResult(Directory.Exists(Folder(bucketId)));

    /// <remarks>
    /// Writes' temporary files are not the bucket's: one in progress is not stored yet, and one a dead process left
    /// (a crash skips the write's own clean-up) would hold room forever. Every upload measures its bucket here, under
    /// the bucket's lock, before it writes: the walk that skips them deletes the stale ones
    /// (<see cref="FileBlobs.IsStaleTemporary"/>), too old to belong to a write still running anywhere.
    /// </remarks>
    public Task<long> GetSizeAsync(string bucketId, CancellationToken cancellationToken)
    {
        var folder = new DirectoryInfo(Folder(bucketId));
        if (!folder.Exists)
        {
            return Task.FromResult(0L);
        }

        long size = 0;
        foreach (var file in folder.EnumerateFiles("*", Recursive))
        {
            if (!FileBlobs.IsTemporary(file.Name))
            {
                size += file.Length;
            }
            else if (FileBlobs.IsStaleTemporary(file))
            {
                ScratchFile.TryDelete(file.FullName);
            }
        }

        return Task.FromResult(size);
    }

    public Task<StoredBlob?> OpenReadAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileBlobs.TryOpen(PathOf(key)));
    }

    public Task<BucketEntry?> GetInfoAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileBlobs.TryInfo(PathOf(key)) is { } info ? new BucketEntry(key, info.Length, info.LastModified) : null);
    }

    public async Task<BucketEntry> WriteAsync(BucketFileKey key, Stream content, CancellationToken cancellationToken)
    {
        var (length, lastModified) = await FileBlobs.WriteAsync(PathOf(key), content, cancellationToken).ConfigureAwait(false);
        return new BucketEntry(key, length, lastModified);
    }

    public Task<bool> DeleteAsync(BucketFileKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileBlobs.Delete(PathOf(key)));
    }

    public async IAsyncEnumerable<BucketEntry> ListAsync(string bucketId, BucketArea area, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var folder = new DirectoryInfo(Path.GetDirectoryName(PathOf(new BucketFileKey(bucketId, area, "x")))!);
        if (!folder.Exists)
        {
            yield break;
        }

        foreach (var file in folder.EnumerateFiles("*", Flat))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A write's temporary file (".<name>.<guid>.tmp") is hidden like a record but never one: it is not stored
            // yet, or a dead process left it.
            var named = area == BucketArea.Record && file.Name is ['.', .. var hidden] ? hidden : file.Name;
            if (!StoredNames.IsValid(named) || !InArea(area, file.Name) || FileBlobs.IsTemporary(file.Name))
            {
                continue;
            }

            yield return new BucketEntry(new BucketFileKey(bucketId, area, file.Name), file.Length, new DateTimeOffset(file.LastWriteTimeUtc));
        }
    }

    public Task<bool> DeleteBucketAsync(string bucketId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var folder = Folder(bucketId);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(false);
        }

        Directory.Delete(folder, recursive: true);
        return Task.FromResult(true);
    }

    public Task<string?> ReadOwnerAsync(string bucketId, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(RecordOf(bucketId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            if (stream.Length > MaxOwnerRecordBytes)
            {
                // Larger than any this server writes: names nobody.
                return Task.FromResult<string?>(string.Empty);
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<string?>(null);
        }

        // A record that cannot be read names nobody, and nobody (not even an administrator) is its owner: failing closed.
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Task.FromResult<string?>(document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("owner", out var owner) && owner.ValueKind == JsonValueKind.String
                ? owner.GetString()
                : string.Empty);
        }
        catch (JsonException)
        {
            return Task.FromResult<string?>(string.Empty);
        }
    }

    public Task<bool> ClaimOwnerAsync(string bucketId, string userId, bool replace, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var record = RecordOf(bucketId);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        var temp = record + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("owner", userId);
                writer.WriteEndObject();
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            if (replace)
            {
                File.Move(temp, record, overwrite: true);
                return Task.FromResult(true);
            }

            // A new id: a move that never overwrites, so the record appears whole and exactly one claim wins. Where the
            // file system has no hard links, .NET's no-overwrite move falls back to "exists? then rename", which two
            // claims can both pass: the gate makes that check and move one step within the process.
            lock (NewClaimGate)
            {
                if (File.Exists(record))
                {
                    return Task.FromResult(false);
                }

                File.Move(temp, record, overwrite: false);
            }

            return Task.FromResult(true);
        }
        catch (IOException) when (!replace && File.Exists(record))
        {
            return Task.FromResult(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<bool> DeleteOwnerAsync(string bucketId, CancellationToken cancellationToken) =>
        Task.FromResult(FileBlobs.Delete(RecordOf(bucketId)));

    // The root holds documents, records and a shared chat of the same id: each area lists only its own names.
    private static bool InArea(BucketArea area, string name) => area switch
    {
        BucketArea.Document => BucketFileNames.IsDocumentName(name),
        BucketArea.Record => !BucketFileNames.IsDocumentName(name) && !name.Equals(BucketFileNames.SharedChat, StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    private string Folder(string bucketId) => paths.Combine(DataPaths.Buckets, FileBlobs.Checked(bucketId, nameof(bucketId)));

    private string RecordOf(string bucketId) => paths.Combine(OwnersFolder, FileBlobs.Checked(bucketId, nameof(bucketId)) + ".json");

    private string PathOf(BucketFileKey key)
    {
        var id = FileBlobs.Checked(key.BucketId, nameof(key));
        // A record may be hidden (".downloads.done"): a dot and a sanitised name, which holds no separator and no "..".
        var name = key.Area == BucketArea.Record && key.Name is ['.', .. var hidden]
            ? "." + FileBlobs.Checked(hidden, nameof(key))
            : FileBlobs.Checked(key.Name, nameof(key));
        return key.Area switch
        {
            BucketArea.Document or BucketArea.Record => paths.Combine(DataPaths.Buckets, id, name),
            BucketArea.Media => paths.Combine(DataPaths.Buckets, id, BucketFileNames.Media, name),
            BucketArea.Thumbnail => paths.Combine(DataPaths.Buckets, id, BucketFileNames.Thumbnails, name),
            BucketArea.Text => paths.Combine(DataPaths.Buckets, id, BucketFileNames.Texts, name),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }
}
