using System.Text.Json.Serialization;

namespace G4F.Backend.Buckets;

/// <summary>A refused file: its name and why, in words safe for the client.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Message">Why it was refused.</param>
public sealed record BucketFileError(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("message")] string Message);
