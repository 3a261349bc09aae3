using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>Source-generated JSON of the bucket routes.</summary>
[JsonSerializable(typeof(BucketMessage))]
[JsonSerializable(typeof(BucketUploadResponse))]
[JsonSerializable(typeof(BucketCommitFailureResponse))]
[JsonSerializable(typeof(BucketStreamAction))]
internal sealed partial class BucketJsonContext : JsonSerializerContext
{
}
