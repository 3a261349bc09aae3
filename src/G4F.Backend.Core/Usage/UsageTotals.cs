using System.Text.Json.Serialization;

namespace G4F.Backend.Usage;

/// <summary>Request and token counts of a group of usage lines (a model, a provider, a user, or all).</summary>
/// <param name="Requests">Usage lines counted: one per request.</param>
/// <param name="PromptTokens">Sum of <c>prompt_tokens</c>.</param>
/// <param name="CompletionTokens">Sum of <c>completion_tokens</c>.</param>
/// <param name="SavedTokens">Sum of <c>saved_tokens</c>.</param>
/// <param name="TotalTokens">Sum of <c>total_tokens</c> (prompt + completion for lines without one).</param>
public sealed record UsageTotals(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
    [property: JsonPropertyName("completion_tokens")] long CompletionTokens,
    [property: JsonPropertyName("saved_tokens")] long SavedTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens);
