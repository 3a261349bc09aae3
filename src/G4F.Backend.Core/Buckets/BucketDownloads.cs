namespace G4F.Backend.Buckets;

/// <summary>
/// Runs a bucket's <c>downloads.json</c> (PROTOCOL 6.6) through the safe downloader: pages become markdown documents,
/// media go to <c>media/</c>. Called at the start of a bucket read.
/// </summary>
internal sealed class BucketDownloads
{
    /// <summary>
    /// Fetches the URLs of <c>buckets/&lt;bucketId&gt;/downloads.json</c> when it exists and returns what was stored, in order;
    /// <paramref name="progress"/> gets the running count after each stored item. A URL that fails or is refused is
    /// skipped. <paramref name="deleteList"/> removes <c>downloads.json</c> afterwards.
    /// </summary>
    public Task<IReadOnlyList<BucketDownload>> RunAsync(string bucketId, bool deleteList, Func<int, CancellationToken, ValueTask> progress, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BucketDownload>>([]);
}
