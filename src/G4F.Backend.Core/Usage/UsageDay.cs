using System.Text.Json.Serialization;

namespace G4F.Backend.Usage;

/// <summary>The counts of one day (flat, as the <c>days</c> list of <c>/stats</c> has them).</summary>
/// <param name="Date">The UTC day.</param>
/// <param name="Requests">Usage lines counted.</param>
/// <param name="PromptTokens">Sum of <c>prompt_tokens</c>.</param>
/// <param name="CompletionTokens">Sum of <c>completion_tokens</c>.</param>
/// <param name="SavedTokens">Sum of <c>saved_tokens</c>.</param>
/// <param name="TotalTokens">Sum of <c>total_tokens</c>.</param>
public sealed record UsageDay(
    [property: JsonPropertyName("date")] DateOnly Date,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
    [property: JsonPropertyName("completion_tokens")] long CompletionTokens,
    [property: JsonPropertyName("saved_tokens")] long SavedTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens);
