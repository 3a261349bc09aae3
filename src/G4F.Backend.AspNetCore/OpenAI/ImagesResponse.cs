using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>OpenAI's answer to an image generation: <c>{"created":&lt;unix&gt;,"data":[...]}</c>.</summary>
internal sealed record ImagesResponse(
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("data")] IReadOnlyList<ImageData> Data);
