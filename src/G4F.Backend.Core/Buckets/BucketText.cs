namespace G4F.Backend.Buckets;

/// <summary>
/// The text of a bucket as a plain <c>GET /files/{id}</c> returns it (PROTOCOL 6.3): per document
/// <c>&lt;!-- File: name --&gt;</c>, its text, <c>&lt;-- End --&gt;</c>, always from the stored converted text,
/// never from a stale cache. Reading has no side effects (no downloads, nothing deleted).
/// </summary>
internal sealed class BucketText
{
    /// <summary>
    /// The bucket's text in the protocol's pieces (cut at line ends, 4-8 KiB); nothing when the bucket does not
    /// exist or holds no documents. <paramref name="bucketId"/> is already sanitised.
    /// </summary>
    public IAsyncEnumerable<string> ReadAsync(string bucketId, CancellationToken cancellationToken) =>
        throw new NotImplementedException("Issue 3: bucket text");
}
