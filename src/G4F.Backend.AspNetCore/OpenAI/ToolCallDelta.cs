using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// One tool call, or a fragment of one, in OpenAI's shape: the first fragment of a call has its <c>id</c>, <c>type</c>
/// and function name; later fragments with the same <c>index</c> add to its <c>arguments</c>.
/// </summary>
internal sealed record ToolCallDelta(
    [property: JsonPropertyName("index"), JsonPropertyOrder(-1)] int Index,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("function")] ToolCallFunction Function);
