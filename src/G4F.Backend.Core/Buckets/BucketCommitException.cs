namespace G4F.Backend.Buckets;

/// <summary>
/// Moving an upload's files into the bucket failed midway (the server's disk: 500). <see cref="Stored"/> is what the
/// upload did store before and after the failing file, so the answer can list it; the inner exception is the move's own
/// failure (it names paths: for the log only), never the failure of the bookkeeping that followed it.
/// </summary>
internal sealed class BucketCommitException(Exception innerException, BucketUploadResult stored) : Exception(BucketStorageException.Failure, innerException)
{
    /// <summary>The files and media that are in the bucket, and every refused or unstored file with its reason.</summary>
    public BucketUploadResult Stored { get; } = stored;
}
