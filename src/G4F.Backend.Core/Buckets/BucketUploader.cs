using G4F.Backend.Documents;
using G4F.Backend.Identity;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Phase 2 of an upload (PROTOCOL 6.2 steps 2-7): sorts the staged files into media, documents kept as they are and
/// documents converted to markdown, prepares thumbnails and conversions inside the staging folder (no lock held, as
/// that can take minutes), then checks the bucket limit again and moves everything into the bucket under the bucket
/// lock, so concurrent uploads and deletes of one bucket never lose or half-write a file nor pass the limit together.
/// </summary>
internal sealed class BucketUploader(
    DataPaths paths,
    IBucketStore store,
    BucketLocks locks,
    BucketManifest manifest,
    BucketOwners owners,
    DocumentConverters converters,
    BucketConversion conversion,
    ImageThumbnails thumbnails,
    IOptions<BucketOptions> options)
{
    public const string NotAnImage = "The image could not be read";
    public const string ReservedName = "This file name is reserved";
    public const string NotStored = "Storing this file failed";

    private int _leftoversDeleted;

    /// <summary>A staging folder for one upload into <paramref name="bucketId"/>; the first call also removes what crashed processes left.</summary>
    public async Task<BucketStaging> StageAsync(string bucketId, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _leftoversDeleted, 1) == 0)
        {
            BucketStaging.DeleteLeftovers(paths.Combine(DataPaths.Staging), BucketStaging.LeftoverAge);
        }

        long size;
        try
        {
            size = await store.GetSizeAsync(bucketId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BucketStorageException(ex);
        }

        return new BucketStaging(paths, options.Value, size);
    }

    /// <summary>
    /// Processes and commits the staged files of <paramref name="staging"/> into bucket <paramref name="bucketId"/>
    /// (sanitised) for <paramref name="caller"/> (null: no identity step). Throws, with nothing committed,
    /// <see cref="BucketLimitException"/> when the bucket would pass its limit and <see cref="BucketAccessDeniedException"/>
    /// when the caller may not write into it (any more): ownership is decided, and a new id claimed, in the commit.
    /// </summary>
    public async Task<BucketUploadResult> CommitAsync(string bucketId, BucketStaging staging, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var moves = new List<(PreparedFile Move, BucketMediaItem? Media, string Upload)>();
        var errors = new List<BucketFileError>();
        long prepared = 0;
        for (var index = 0; index < staging.Files.Count; index++)
        {
            var file = staging.Files[index];
            var name = file.Name;
            var room = Math.Min(limits.MaxConvertedBytes, limits.MaxBucketBytes - staging.BucketBytes - prepared);
            var (move, item, error) = await PrepareAsync(file, index, staging.Folder, room, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                errors.Add(new BucketFileError(name, error));
            }

            if (move is not null)
            {
                moves.Add((move, item, name));
                prepared += move.Bytes;
            }
        }

        var gate = await locks.AcquireAsync(bucketId, cancellationToken).ConfigureAwait(false);
        try
        {
            // Concurrent uploads all measured the bucket before any of them committed: only here is the size known.
            await CheckBucketLimitAsync(bucketId, [.. moves.Select(m => m.Move)], limits.MaxBucketBytes, cancellationToken).ConfigureAwait(false);

            // Under the lock that the commit holds: a delete or another user's claim since the early check counts.
            if ((await owners.ClaimLockedAsync(bucketId, caller, cancellationToken).ConfigureAwait(false)).Access is var access && access != AccessDecision.Allowed)
            {
                throw new BucketAccessDeniedException(access);
            }

            // From here on the request is committed: a client that goes away now must not leave half an upload.
            var documents = new List<string>();
            var media = new List<BucketMediaItem>();
            Exception? failure = null;
            foreach (var (move, item, upload) in moves)
            {
                // A store that failed once is not asked again: the files after the failing one stay out of the bucket.
                var inPlace = false;
                if (failure is null)
                {
                    (failure, inPlace) = await TryCommitAsync(bucketId, move).ConfigureAwait(false);
                    if (failure is null)
                    {
                        Stored(move, item, documents, media);
                        continue;
                    }
                }

                errors.Add(new BucketFileError(upload, NotStored));
                if (inPlace)
                {
                    // The file itself was stored and only its companion (thumbnail, archive text) failed: it is stored.
                    Stored(move, item, documents, media);
                }
            }

            documents = [.. documents.Distinct(StringComparer.Ordinal)];
            try
            {
                // Even when a move failed, what did move is listed: no invisible document may count against the limit.
                await manifest.AddDocumentsAsync(bucketId, documents, CancellationToken.None).ConfigureAwait(false);
                await manifest.WriteFileListAsync(bucketId, documents, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (failure is not null && ex is IOException or UnauthorizedAccessException or BucketStorageException)
            {
                // The move's own failure is the one reported; this one is most likely its consequence.
            }

            var result = new BucketUploadResult(documents, media, errors);
            return failure is null ? result : throw new BucketCommitException(failure, result);
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(PreparedFile? Move, BucketMediaItem? Media, string? Error)> PrepareAsync(StagedFile file, int index, string folder, long room, CancellationToken cancellationToken)
    {
        var name = file.Name;
        if (name.EndsWith("package-lock.json", StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        if (name.Equals(BucketFileNames.SharedChat, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, ReservedName);
        }

        if (MediaTypes.IsMedia(name))
        {
            if (!MediaTypes.IsImage(name))
            {
                return (new PreparedFile(file.Path, name, IsMedia: true, null), new BucketMediaItem(name), null);
            }

            var thumbnailPath = Path.Join(folder, $"{index:D4}.thumbnail{Path.GetExtension(name)}");
            ImageSize? decoded;
            try
            {
                decoded = await thumbnails.CreateAsync(file.Path, thumbnailPath, cancellationToken).ConfigureAwait(false);
            }
            catch (ConversionQueueTimeoutException ex)
            {
                return (null, null, ex.Message);
            }

            if (decoded is not { } size)
            {
                return (null, null, NotAnImage);
            }

            var thumbnail = File.Exists(thumbnailPath) ? thumbnailPath : null;
            return (new PreparedFile(file.Path, name, IsMedia: true, thumbnail), new BucketMediaItem(name) { Width = size.Width, Height = size.Height }, null);
        }

        var archive = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (BucketFileNames.IsStoredAsIs(name) && !archive)
        {
            var stored = name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                ? await MarkdownAsUtf8Async(file, Path.Join(folder, $"{index:D4}.utf8.md"), cancellationToken).ConfigureAwait(false)
                : file.Path;
            return (new PreparedFile(stored, name, IsMedia: false, null), null, null);
        }

        var contentType = archive ? "application/zip" : file.ContentType;
        if (converters.Find(name, contentType) is not { } converter)
        {
            // Anything else is skipped silently, as in the original (PROTOCOL 6.1).
            return (null, null, archive ? BucketConversion.GenericFailure : null);
        }

        var output = Path.Join(folder, $"{index:D4}.md");
        if (await conversion.ToFileAsync(converter, name, contentType, file.Path, output, room, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return (null, null, error);
        }

        // An archive is kept as it is and listed by its own name (PROTOCOL 6.2); its text is converted once, now, into a
        // hidden sidecar, instead of on every read.
        return archive
            ? (new PreparedFile(file.Path, name, IsMedia: false, output), null, null)
            : (new PreparedFile(output, $"{name}.md", IsMedia: false, null), null, null);
    }

    // Markdown is kept as uploaded, but its text is read as UTF-8: one saved in another encoding (a declared charset,
    // else Windows-1252 for bytes that are not UTF-8) is stored converted to UTF-8, so its accents survive.
    private static async Task<string> MarkdownAsUtf8Async(StagedFile file, string converted, CancellationToken cancellationToken)
    {
        var source = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (source.ConfigureAwait(false))
        {
            var encoding = await DocumentEncoding.DetectAsync(source, file.ContentType, html: false, cancellationToken).ConfigureAwait(false);
            if (encoding.CodePage == DocumentEncoding.Utf8.CodePage)
            {
                return file.Path;
            }

            using var reader = new StreamReader(source, encoding, detectEncodingFromByteOrderMarks: false, 81920, leaveOpen: true);
            var target = new StreamWriter(converted, append: false, DocumentEncoding.Utf8, 81920);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new char[16 * 1024];
                int read;
                while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return converted;
    }

    private async Task CheckBucketLimitAsync(string bucketId, List<PreparedFile> moves, long maxBucketBytes, CancellationToken cancellationToken)
    {
        // The size after the commit: what is stored now, minus what this commit replaces, plus what it adds.
        var targets = new Dictionary<BucketFileKey, string?>();
        foreach (var move in moves)
        {
            targets[Target(bucketId, move)] = move.Source;
            targets[Companion(bucketId, move)] = move.Companion;
        }

        var size = await store.GetSizeAsync(bucketId, cancellationToken).ConfigureAwait(false);
        foreach (var (target, source) in targets)
        {
            size += Length(source) - ((await store.GetInfoAsync(target, cancellationToken).ConfigureAwait(false))?.Length ?? 0);
        }

        if (size > maxBucketBytes)
        {
            throw new BucketLimitException($"A bucket may hold at most {maxBucketBytes} bytes");
        }
    }

    // Not cancelled: the request is committed once the lock is held (see CommitAsync).
    private async Task<(Exception? Failure, bool InPlace)> TryCommitAsync(string bucketId, PreparedFile file)
    {
        var inPlace = false;
        try
        {
            await WriteAsync(Target(bucketId, file), file.Source).ConfigureAwait(false);
            inPlace = true;

            // The companion (thumbnail or archive text) goes after its file, so a failure leaves a listed file, never a hidden orphan.
            var companion = Companion(bucketId, file);
            if (file.Companion is null)
            {
                // A same-named upload without a thumbnail (a GIF now) must not keep showing the old picture.
                await store.DeleteAsync(companion, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(companion, file.Companion).ConfigureAwait(false);
            }

            return (null, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (ex, inPlace);
        }
    }

    private async Task WriteAsync(BucketFileKey key, string stagedPath)
    {
        var source = new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using (source.ConfigureAwait(false))
        {
            await store.WriteAsync(key, source, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void Stored(PreparedFile file, BucketMediaItem? item, List<string> documents, List<BucketMediaItem> media)
    {
        if (file.IsMedia)
        {
            media.Add(item!);
        }
        else
        {
            documents.Add(file.Name);
        }
    }

    private static BucketFileKey Target(string bucketId, PreparedFile file) =>
        new(bucketId, file.IsMedia ? BucketArea.Media : BucketArea.Document, file.Name);

    private static BucketFileKey Companion(string bucketId, PreparedFile file) =>
        file.IsMedia ? new(bucketId, BucketArea.Thumbnail, file.Name) : new(bucketId, BucketArea.Text, $"{file.Name}.md");

    private static long Length(string? path)
    {
        var file = path is null ? null : new FileInfo(path);
        return file is { Exists: true } ? file.Length : 0;
    }

    /// <summary>One file ready to move: its staged bytes, its name in the bucket and its companion (thumbnail of an image, text of an archive).</summary>
    private sealed record PreparedFile(string Source, string Name, bool IsMedia, string? Companion)
    {
        public long Bytes { get; } = Length(Source) + Length(Companion);
    }
}
