namespace G4F.Backend.Conversations;

/// <summary>A failed turn ends with its one <c>error</c> or <c>auth</c> event, before the log lines.</summary>
internal sealed class FailureStep : ITurnStep
{
    public bool RunsAfterFailure => true;

    public ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Failure is { } failure)
        {
            turn.Pending.Add(failure);
        }

        return ValueTask.CompletedTask;
    }
}
