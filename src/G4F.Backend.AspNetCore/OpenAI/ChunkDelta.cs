using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>What a chunk adds: the role (first chunk only), answer text, reasoning text or tool-call fragments.</summary>
internal sealed record ChunkDelta
{
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    [JsonPropertyName("content")]
    public string? Content { get; init; }

    [JsonPropertyName("reasoning_content")]
    public string? ReasoningContent { get; init; }

    [JsonPropertyName("tool_calls")]
    public IReadOnlyList<ToolCallDelta>? ToolCalls { get; init; }
}
