namespace G4F.Backend.Buckets;

/// <summary>One stored bucket file as the <see cref="IBucketStore"/> lists it.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="LastModified">When it was written.</param>
public sealed record BucketEntry(BucketFileKey Key, long Length, DateTimeOffset LastModified);
