using System.Text.Json.Serialization;
using G4F.Backend.Buckets;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>The upload answer (PROTOCOL 6.2); <c>errors</c> is this backend's addition, ignored by the official client.</summary>
internal sealed record BucketUploadResponse(
    [property: JsonPropertyName("bucket_id")] string BucketId,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("media")] IReadOnlyList<BucketMediaItem> Media,
    [property: JsonPropertyName("errors")] IReadOnlyList<BucketFileError> Errors);
