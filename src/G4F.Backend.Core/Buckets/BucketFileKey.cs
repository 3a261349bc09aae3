namespace G4F.Backend.Buckets;

/// <summary>
/// Names one file of an <see cref="IBucketStore"/>. <see cref="BucketId"/> and <see cref="Name"/> are sanitised names
/// (no separator, no <c>..</c>, not empty): a store refuses any other with an <see cref="ArgumentException"/> before it
/// touches anything.
/// </summary>
/// <param name="BucketId">The bucket.</param>
/// <param name="Area">Which kind of file.</param>
/// <param name="Name">The file name.</param>
public readonly record struct BucketFileKey(string BucketId, BucketArea Area, string Name);
