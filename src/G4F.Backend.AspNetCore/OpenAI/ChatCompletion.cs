using System.Text.Json.Serialization;
using G4F.Backend.Events;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>The answer of a non-streamed <c>POST /v1/chat/completions</c> (<c>object: chat.completion</c>).</summary>
internal sealed record ChatCompletion(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<CompletionChoice> Choices,
    [property: JsonPropertyName("usage")] TokenUsage? Usage)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion";

    /// <summary>The provider that answered, as g4f's own API adds it.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }
}
