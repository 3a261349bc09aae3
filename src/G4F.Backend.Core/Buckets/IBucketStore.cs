using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// Where buckets are kept (PROTOCOL 6): each bucket's documents, converted text, media, thumbnails and bookkeeping
/// records (<see cref="BucketArea"/>), and, apart from the buckets, who owns each bucket id. Files go in and out as
/// streams, never whole in memory. The embedded default keeps files under <c>&lt;data&gt;/buckets/&lt;id&gt;/</c> and
/// <c>&lt;data&gt;/owners/&lt;id&gt;.json</c>; a host replaces it with <c>UseBucketStore</c> on the backend builder. Writers
/// of one bucket hold its lock (<see cref="IStorageLock"/>, resource <c>bucket/&lt;id&gt;</c>) around every check-then-write;
/// the store makes each single call atomic. Every member refuses ids and names that are not sanitised names with an
/// <see cref="ArgumentException"/>. Uploads being received, downloads in flight and conversions in progress stay in the
/// data directory's staging folder, on local disk: they are temporary and belong to the request that made them.
/// </summary>
public interface IBucketStore
{
    /// <summary>Whether the bucket exists: something was written into it and it was not deleted since.</summary>
    /// <param name="bucketId">The bucket.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <returns>Whether it exists.</returns>
    Task<bool> ExistsAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>The bytes the bucket holds in every area (what its size limit counts); 0 for a bucket that does not exist.</summary>
    /// <param name="bucketId">The bucket.</param>
    /// <param name="cancellationToken">Stops the count.</param>
    /// <returns>The size in bytes.</returns>
    Task<long> GetSizeAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>Opens a file for reading; null when there is none.</summary>
    /// <param name="key">The file.</param>
    /// <param name="cancellationToken">Stops the open.</param>
    /// <returns>The file (its stream seekable, for byte ranges), or null.</returns>
    Task<StoredBlob?> OpenReadAsync(BucketFileKey key, CancellationToken cancellationToken);

    /// <summary>Length and time of a file without opening it; null when there is none.</summary>
    /// <param name="key">The file.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <returns>The entry, or null.</returns>
    Task<BucketEntry?> GetInfoAsync(BucketFileKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) under <paramref name="key"/>, creating the bucket, replacing any
    /// earlier file as one step: a reader sees the old file or the new one whole, and a failed or cancelled write leaves
    /// the old one.
    /// </summary>
    /// <param name="key">The file.</param>
    /// <param name="content">The bytes; the caller bounds their size and disposes the stream.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>The stored file's entry.</returns>
    Task<BucketEntry> WriteAsync(BucketFileKey key, Stream content, CancellationToken cancellationToken);

    /// <summary>Deletes a file (the bucket stays). A reader that opened it before may finish reading.</summary>
    /// <param name="key">The file.</param>
    /// <param name="cancellationToken">Stops the delete.</param>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteAsync(BucketFileKey key, CancellationToken cancellationToken);

    /// <summary>The files of one area of a bucket, in no particular order; none for a bucket that does not exist.</summary>
    /// <param name="bucketId">The bucket.</param>
    /// <param name="area">The area.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<BucketEntry> ListAsync(string bucketId, BucketArea area, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the bucket with every file in every area, as one step for readers (afterwards it does not exist). The
    /// owner record stays, as a tombstone: the id remains its owner's. The embedded default deletes the bucket's folder,
    /// and with it a shared chat of the same id (PROTOCOL 6.4).
    /// </summary>
    /// <param name="bucketId">The bucket.</param>
    /// <param name="cancellationToken">Stops the delete.</param>
    /// <returns>Whether the bucket existed.</returns>
    Task<bool> DeleteBucketAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>
    /// The user id in the owner record of <paramref name="bucketId"/>: null when there is no record, empty when there is one
    /// that cannot be read (it then names nobody, and nobody may claim it).
    /// </summary>
    /// <param name="bucketId">The bucket id.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The owner, empty, or null.</returns>
    Task<string?> ReadOwnerAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the owner record of <paramref name="bucketId"/> naming <paramref name="userId"/>, as one atomic step: without
    /// <paramref name="replace"/> only when there is no record yet (of two concurrent claims exactly one wins), with it over
    /// any record.
    /// </summary>
    /// <param name="bucketId">The bucket id.</param>
    /// <param name="userId">The owner.</param>
    /// <param name="replace">Whether an existing record is replaced.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>Whether the record now names <paramref name="userId"/> by this call.</returns>
    Task<bool> ClaimOwnerAsync(string bucketId, string userId, bool replace, CancellationToken cancellationToken);

    /// <summary>Deletes the owner record of <paramref name="bucketId"/> (a claim taken back).</summary>
    /// <param name="bucketId">The bucket id.</param>
    /// <param name="cancellationToken">Stops the delete.</param>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteOwnerAsync(string bucketId, CancellationToken cancellationToken);
}
