using G4F.Backend.Events;
using G4F.Backend.Usage;

namespace G4F.Backend.Conversations;

/// <summary>
/// A successful turn's <c>usage</c> event (estimated when the upstream sent none) and its usage line (PROTOCOL 3.8 step 8).
/// The line is started before the last events go out and awaited after them: a store that waits (a database round trip)
/// never delays an event; the embedded log's write is done before its first wait, so the end finds it done.
/// </summary>
internal sealed class UsageRecordStep(UsageRecorder recorder) : ITurnStep
{
    public bool RunsAfterFailure => false;

    public ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var final = turn.SentUsage ?? new UsageEvent(turn.Usage.Estimate(UsageEstimator.EstimatePromptTokens(turn.Messages)))
        {
            Model = turn.Model,
            Provider = turn.Route!.Name,
        };
        turn.Telemetry?.Succeeded(final.Usage);
        turn.UsageRecording = recorder.RecordAsync(TurnUsage.Line(turn.User, final.Model, turn.AnsweringProvider!, final.Usage));
        if (turn.SentUsage is null)
        {
            turn.Pending.Add(final);
        }

        return ValueTask.CompletedTask;
    }
}
