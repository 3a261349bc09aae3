namespace G4F.Backend.Buckets;

/// <summary>What one upload stored (PROTOCOL 6.2 response, without the bucket id).</summary>
/// <param name="Files">Documents in upload order, as listed in <c>files.txt</c>.</param>
/// <param name="Media">Media files in upload order.</param>
/// <param name="Errors">Files that were refused (not decodable, not convertible), in upload order.</param>
public sealed record BucketUploadResult(IReadOnlyList<string> Files, IReadOnlyList<BucketMediaItem> Media, IReadOnlyList<BucketFileError> Errors);
