namespace G4F.Backend.Buckets;

/// <summary>One item <see cref="BucketDownloads"/> stored: a document (<c>name.md</c> in the bucket) or a media file (<c>media/name</c>).</summary>
internal sealed record BucketDownload(string Name, bool IsMedia);
