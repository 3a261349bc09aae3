using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>The choice of a chunk; <c>finish_reason</c> is written as null until the last content chunk, as OpenAI does.</summary>
internal sealed record ChunkChoice(
    [property: JsonPropertyName("delta")] ChunkDelta Delta,
    [property: JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason = null)
{
    [JsonPropertyName("index")]
    [JsonPropertyOrder(-1)]
    public int Index => 0;
}
