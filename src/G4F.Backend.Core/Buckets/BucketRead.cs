namespace G4F.Backend.Buckets;

/// <summary>
/// A checked read of one bucket (PROTOCOL 6.3), from <see cref="BucketService.PrepareReadAsync"/>: whether it may run the
/// bucket's <c>downloads.json</c> and clear its lists was decided for the caller.
/// </summary>
public sealed class BucketRead
{
    private readonly BucketReader _reader;
    private readonly bool _manage;
    private readonly bool _deleteFiles;
    private readonly bool _refine;

    internal BucketRead(BucketReader reader, string bucketId, bool manage, bool deleteFiles, bool refine)
    {
        _reader = reader;
        BucketId = bucketId;
        _manage = manage;
        _deleteFiles = deleteFiles;
        _refine = refine;
    }

    /// <summary>The sanitised bucket id.</summary>
    public string BucketId { get; }

    /// <summary>Reads the bucket into <paramref name="sink"/>, piece by piece; nothing is buffered whole.</summary>
    /// <param name="sink">Where the pieces and progress go.</param>
    /// <param name="cancellationToken">Cancels the read (the client went away).</param>
    /// <returns>A task that completes when the read is done.</returns>
    public Task ReadAsync(IBucketReadSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return _reader.ReadAsync(BucketId, _manage, _deleteFiles, _refine, sink, cancellationToken);
    }
}
