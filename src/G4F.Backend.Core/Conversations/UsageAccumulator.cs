using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

// Placeholder until the real accumulator lands (branch streams).
internal sealed class UsageAccumulator
{
    private long _completion;

    public void Add(string text) => _completion += UsageEstimator.EstimateCompletionTokens(text);

    public TokenUsage Estimate(long promptTokens) => new(promptTokens, _completion, promptTokens + _completion);
}
