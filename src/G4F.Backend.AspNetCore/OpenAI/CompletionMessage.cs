using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>The assistant's message of a completion; <c>reasoning_content</c> as g4f's API and DeepSeek write it; <c>tool_calls</c> when the model called tools.</summary>
internal sealed record CompletionMessage(
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Content,
    [property: JsonPropertyName("reasoning_content")] string? ReasoningContent,
    [property: JsonPropertyName("tool_calls")] IReadOnlyList<CompletionToolCall>? ToolCalls = null)
{
    [JsonPropertyName("role")]
    [JsonPropertyOrder(-1)]
    public string Role => "assistant";
}
