using System.Text.Json.Serialization;

namespace G4F.Backend.Buckets;

/// <summary>A stored media file: <c>{"name"}</c>, with <c>width</c>/<c>height</c> for images.</summary>
/// <param name="Name">The stored file name.</param>
/// <param name="Width">The image width in pixels; null for other media.</param>
/// <param name="Height">The image height in pixels; null for other media.</param>
public sealed record BucketMediaItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("width"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Width = null,
    [property: JsonPropertyName("height"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Height = null);
