namespace G4F.Backend.Buckets;

/// <summary>
/// Where <see cref="BucketRead.ReadAsync"/> reports a read (PROTOCOL 6.3): a host writes it as the plain text body or as
/// the event stream. Each call may flush; a failure thrown from it ends the read.
/// </summary>
public interface IBucketReadSink
{
    /// <summary>A URL of <c>downloads.json</c> was stored; <paramref name="count"/> is the running count.</summary>
    /// <param name="count">The downloads stored so far.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    ValueTask DownloadedAsync(int count, CancellationToken cancellationToken);

    /// <summary>A text piece; <paramref name="size"/> is the UTF-8 bytes so far; <paramref name="refine"/> for the refine pass.</summary>
    /// <param name="piece">The text.</param>
    /// <param name="size">The UTF-8 bytes of text so far.</param>
    /// <param name="refine">Whether the piece is from the refine pass.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    ValueTask TextAsync(string piece, long size, bool refine, CancellationToken cancellationToken);

    /// <summary>A media file the downloads stored.</summary>
    /// <param name="fileName">The stored media file name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    ValueTask MediaAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>The upload's file list was processed and removed.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    ValueTask FilesDeletedAsync(CancellationToken cancellationToken);

    /// <summary>The end; <paramref name="size"/> is the total bytes of text.</summary>
    /// <param name="size">The total UTF-8 bytes of text.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    ValueTask DoneAsync(long size, CancellationToken cancellationToken);
}
