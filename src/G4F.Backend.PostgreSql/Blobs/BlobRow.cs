namespace G4F.Backend.PostgreSql.Blobs;

/// <summary>One current blob version as a listing reads it.</summary>
/// <param name="Kind">Its kind (<see cref="PostgreSqlBlobs"/>).</param>
/// <param name="BucketId">Its bucket, or empty.</param>
/// <param name="Name">Its name.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="WrittenAt">When the version was written.</param>
internal readonly record struct BlobRow(short Kind, string BucketId, string Name, long Length, DateTimeOffset WrittenAt);
