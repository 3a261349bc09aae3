namespace G4F.Backend.Buckets;

/// <summary>
/// The server's disk failed while an upload was stored (500), as opposed to a broken request body (400). The message
/// is safe for the client; the inner exception, which names paths, is for the log only.
/// </summary>
internal sealed class BucketStorageException(Exception innerException) : Exception(Failure, innerException)
{
    /// <summary>The client-safe message.</summary>
    public const string Failure = "Storing the upload failed";
}
