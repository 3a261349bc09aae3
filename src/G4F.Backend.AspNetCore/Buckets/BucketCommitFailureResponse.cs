using System.Text.Json.Serialization;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Buckets;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// The 500 answer of an upload whose files could not all be moved into the bucket: the error envelope, plus what the
/// upload did store (<c>files</c>, <c>media</c>) and why the others are missing (<c>errors</c>).
/// </summary>
internal sealed record BucketCommitFailureResponse(
    [property: JsonPropertyName("error")] ErrorDetail Error,
    [property: JsonPropertyName("bucket_id")] string BucketId,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("media")] IReadOnlyList<BucketMediaItem> Media,
    [property: JsonPropertyName("errors")] IReadOnlyList<BucketFileError> Errors);
