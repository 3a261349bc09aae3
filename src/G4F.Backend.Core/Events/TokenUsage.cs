using System.Text.Json;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Token counts of a turn; upstream extras (e.g. <c>prompt_tokens_details</c>) are kept.</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="CompletionTokens">Tokens of the answer.</param>
/// <param name="TotalTokens">Their sum, or what the upstream reported.</param>
public sealed record TokenUsage(
    [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
    [property: JsonPropertyName("completion_tokens")] long CompletionTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens)
{
    /// <summary>Further fields the upstream reported, passed through unchanged.</summary>
    /// <remarks>Settable rather than init-only: the JSON source generator rejects an init-only extension-data property (dotnet/runtime#107898).</remarks>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
