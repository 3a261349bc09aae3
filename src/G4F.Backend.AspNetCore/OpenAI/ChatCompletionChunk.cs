using System.Text.Json.Serialization;
using G4F.Backend.Events;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>One event of a streamed completion (<c>object: chat.completion.chunk</c>); the usage chunk has no choices.</summary>
internal sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChunkChoice> Choices,
    [property: JsonPropertyName("usage")] TokenUsage? Usage = null)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion.chunk";
}
