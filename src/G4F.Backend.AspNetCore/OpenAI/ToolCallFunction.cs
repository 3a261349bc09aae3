using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>The function of a tool call: its name (first fragment) and its arguments (a JSON text, possibly a fragment).</summary>
internal sealed record ToolCallFunction(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("arguments")] string? Arguments);
