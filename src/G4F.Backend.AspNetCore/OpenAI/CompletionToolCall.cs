using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>A whole tool call of a non-streamed completion's message (<c>message.tool_calls[]</c>).</summary>
internal sealed record CompletionToolCall(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("function")] ToolCallFunction Function)
{
    [JsonPropertyName("type")]
    public string Type => "function";
}
