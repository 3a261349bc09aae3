using System.Globalization;

namespace G4F.Backend.Buckets;

/// <summary>
/// The bucket's limits on how many files it holds, applied to an upload's moves under the bucket's lock: documents
/// (<see cref="BucketOptions.MaxDocuments"/>, the list every read takes whole) and media files
/// (<see cref="BucketOptions.MaxMediaFiles"/>, which its bytes alone did not bound). A file past a limit is refused with
/// its own error; the others are committed.
/// </summary>
internal static class BucketFileLimits
{
    /// <summary>
    /// The moves the bucket's document limit leaves room for, in order; each new document past it gets its error instead
    /// (a replaced document, a media file or a record such as downloads.json takes no new place in the list). Caller holds
    /// the bucket lock.
    /// </summary>
    public static async Task<List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)>> KeepWithinDocumentLimitAsync(
        BucketManifest manifest, string bucketId, List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)> moves, List<BucketFileError> errors, int maxDocuments, CancellationToken cancellationToken)
    {
        HashSet<string> listed;
        try
        {
            listed = await manifest.ListedAsync(bucketId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BucketStorageException)
        {
            // A list that cannot be read cannot be written either (adding reads it first): the commit reports that failure
            // as it always did, and nothing can grow the list meanwhile.
            return moves;
        }

        return Keep(moves, errors, move => !move.IsMedia && BucketFileNames.IsDocumentName(move.Name), listed, maxDocuments, "documents");
    }

    /// <summary>
    /// The moves the bucket's media limit leaves room for, in order; each new media file past it gets its error instead (a
    /// replaced one takes no new place). The bucket's media are listed only when the upload brings new ones. Caller holds
    /// the bucket lock.
    /// </summary>
    public static async Task<List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)>> KeepWithinMediaLimitAsync(
        IBucketStore store, string bucketId, List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)> moves, List<BucketFileError> errors, int maxMediaFiles, CancellationToken cancellationToken)
    {
        if (!moves.Any(m => m.Move.IsMedia))
        {
            return moves;
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in store.ListAsync(bucketId, BucketArea.Media, cancellationToken).ConfigureAwait(false))
        {
            stored.Add(entry.Key.Name);
        }

        return Keep(moves, errors, move => move.IsMedia, stored, maxMediaFiles, "media files");
    }

    /// <summary>
    /// The moves in order, less those that <paramref name="counts"/> and that would add a name to <paramref name="taken"/>
    /// past <paramref name="max"/>: each of those gets its error instead (a name already taken, a replacement, takes no new place).
    /// </summary>
    private static List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)> Keep(
        List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)> moves, List<BucketFileError> errors, Func<PreparedUpload, bool> counts, HashSet<string> taken, int max, string what)
    {
        var kept = new List<(PreparedUpload Move, BucketMediaItem? Media, string Upload)>(moves.Count);
        foreach (var move in moves)
        {
            if (!counts(move.Move) || taken.Contains(move.Move.Name) || (taken.Count < max && taken.Add(move.Move.Name)))
            {
                kept.Add(move);
            }
            else
            {
                errors.Add(new BucketFileError(move.Upload, string.Create(CultureInfo.InvariantCulture, $"A bucket may hold at most {max} {what}")));
            }
        }

        return kept;
    }
}
