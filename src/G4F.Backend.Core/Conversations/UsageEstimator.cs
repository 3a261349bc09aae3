using System.Text.Json.Nodes;

namespace G4F.Backend.Conversations;

// Placeholder until the real estimator lands (branch streams).
internal static class UsageEstimator
{
    public static long EstimatePromptTokens(JsonArray messages) => messages.Count;

    public static long EstimateCompletionTokens(string chunk) => chunk.Length / 4;
}
