using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary><c>&lt;think&gt;...&lt;/think&gt;</c> in plain-text content becomes reasoning events (PROTOCOL 3.5, 3.8 step 7).</summary>
internal sealed class ThinkSplitStep(TimeProvider timeProvider) : ITurnEventStep
{
    public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
    {
        ThinkTagSplitter.Split(responseEvent, turn.Thinking ??= new ThinkTagParser(timeProvider), output);
        return ValueTask.CompletedTask;
    }

    public void OnCompleted(TurnContext turn, List<ResponseEvent> output) => turn.Thinking?.Flush(output);
}
