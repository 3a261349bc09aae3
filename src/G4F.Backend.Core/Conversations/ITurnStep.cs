namespace G4F.Backend.Conversations;

/// <summary>
/// A step of the turn that runs once, in the stream but outside the per-event loop (before the provider is called, or
/// after its last event). It reads and adds to the context; events it makes go to <see cref="TurnContext.Pending"/>.
/// </summary>
internal interface ITurnStep
{
    /// <summary>Whether the step runs when an earlier step failed the turn (announcing the turn, reporting the failure, the log).</summary>
    bool RunsAfterFailure { get; }

    /// <summary>Runs the step. An exception fails the turn with the event <see cref="TurnErrors"/> makes of it.</summary>
    ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken);
}
