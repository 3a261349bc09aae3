namespace G4F.Backend.Buckets;

/// <summary>Where <see cref="BucketReader"/> reports a read (PROTOCOL 6.3): the plain text body or the event stream.</summary>
internal interface IBucketReadSink
{
    /// <summary>A URL of <c>downloads.json</c> was stored; <paramref name="count"/> is the running count.</summary>
    ValueTask DownloadedAsync(int count, CancellationToken cancellationToken);

    /// <summary>A text piece; <paramref name="size"/> is the UTF-8 bytes so far; <paramref name="refine"/> for the refine pass.</summary>
    ValueTask TextAsync(string piece, long size, bool refine, CancellationToken cancellationToken);

    /// <summary>A media file the downloads stored.</summary>
    ValueTask MediaAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>The upload's file list was processed and removed.</summary>
    ValueTask FilesDeletedAsync(CancellationToken cancellationToken);

    /// <summary>The end; <paramref name="size"/> is the total bytes of text.</summary>
    ValueTask DoneAsync(long size, CancellationToken cancellationToken);
}
