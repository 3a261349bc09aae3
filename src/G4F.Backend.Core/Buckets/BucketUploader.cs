using G4F.Backend.Identity;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Phase 2 of an upload (PROTOCOL 6.2 steps 2-7): has the <see cref="BucketUploadPreparer"/> prepare each staged file
/// inside the upload's scratch folder (no lock held, as that can take minutes), then checks the bucket limit again and moves everything into the bucket under the bucket
/// lock, so concurrent uploads and deletes of one bucket never lose or half-write a file nor pass the limit together.
/// </summary>
internal sealed class BucketUploader(
    ScratchSpace scratch,
    IBucketStore store,
    BucketLocks locks,
    BucketManifest manifest,
    BucketOwners owners,
    BucketUploadPreparer preparer,
    IOptions<BucketOptions> options)
{
    public const string NotAnImage = "The image could not be read";
    public const string ReservedName = "This file name is reserved";
    public const string NotStored = "Storing this file failed";

    /// <summary>A staging folder for one upload into <paramref name="bucketId"/>; the first call also removes what crashed processes left.</summary>
    public async Task<BucketStaging> StageAsync(string bucketId, CancellationToken cancellationToken)
    {
        scratch.DeleteLeftoversOnce();

        long size;
        try
        {
            size = await store.GetSizeAsync(bucketId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BucketStorageException(ex);
        }

        return new BucketStaging(scratch, options.Value, size);
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
        var moves = new List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)>();
        var errors = new List<BucketFileError>();
        long prepared = 0;
        for (var index = 0; index < staging.Files.Count; index++)
        {
            var file = staging.Files[index];
            var name = file.Name;
            var room = Math.Min(limits.MaxConvertedBytes, limits.MaxBucketBytes - staging.BucketBytes - prepared);
            var (move, item, error) = await preparer.PrepareAsync(file, index, staging.Folder, room, cancellationToken).ConfigureAwait(false);
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
            var (access, claim) = await owners.ClaimLockedAsync(bucketId, caller, cancellationToken).ConfigureAwait(false);
            if (access != AccessDecision.Allowed)
            {
                throw new BucketAccessDeniedException(access);
            }

            moves = await BucketFileLimits.KeepWithinDocumentLimitAsync(manifest, bucketId, moves, errors, limits.MaxDocuments, cancellationToken).ConfigureAwait(false);
            moves = await BucketFileLimits.KeepWithinMediaLimitAsync(store, bucketId, moves, errors, limits.MaxMediaFiles, cancellationToken).ConfigureAwait(false);

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

            failure = await SettleClaimAsync(bucketId, caller, claim, failure).ConfigureAwait(false);
            var result = new BucketUploadResult(documents, media, errors);
            return failure is null ? result : throw new BucketCommitException(failure, result);
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CheckBucketLimitAsync(string bucketId, List<PreparedUpload> moves, long maxBucketBytes, CancellationToken cancellationToken)
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
            size += PreparedUpload.Length(source) - ((await store.GetInfoAsync(target, cancellationToken).ConfigureAwait(false))?.Length ?? 0);
        }

        if (size > maxBucketBytes)
        {
            throw new BucketLimitException($"A bucket may hold at most {maxBucketBytes} bytes");
        }
    }

    /// <summary>
    /// After the moves: an administrator's takeover of a tombstone is recorded only when the bucket now exists, and a new
    /// id's claim is taken back when nothing was stored, so a failed upload neither reserves an id nor takes one over.
    /// </summary>
    /// <returns>The commit's failure: the moves' own, else the record's.</returns>
    private async Task<Exception?> SettleClaimAsync(string bucketId, CallerIdentity? caller, BucketClaim claim, Exception? failure)
    {
        if (claim == BucketClaim.None)
        {
            return failure;
        }

        try
        {
            if (await store.ExistsAsync(bucketId, CancellationToken.None).ConfigureAwait(false))
            {
                await owners.CompleteClaimLockedAsync(bucketId, caller, claim, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await owners.AbandonClaimLockedAsync(bucketId, claim, CancellationToken.None).ConfigureAwait(false);
            }

            return failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BucketStorageException)
        {
            // The stored files stay under the record that was there before (the tombstone's owner): nobody else gains.
            return failure ?? ex;
        }
    }

    // Not cancelled: the request is committed once the lock is held (see CommitAsync).
    private async Task<(Exception? Failure, bool InPlace)> TryCommitAsync(string bucketId, PreparedUpload file)
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

    private static void Stored(PreparedUpload file, BucketMediaItem? item, List<string> documents, List<BucketMediaItem> media)
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

    private static BucketFileKey Target(string bucketId, PreparedUpload file) =>
        new(bucketId, file.IsMedia ? BucketArea.Media : BucketArea.Document, file.Name);

    private static BucketFileKey Companion(string bucketId, PreparedUpload file) =>
        file.IsMedia ? new(bucketId, BucketArea.Thumbnail, file.Name) : new(bucketId, BucketArea.Text, $"{file.Name}.md");
}
