using System.Text.Json.Serialization;

namespace G4F.Backend.Buckets;

/// <summary>A refused file: its name and why, in words safe for the client.</summary>
internal sealed record BucketFileError(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("message")] string Message);
