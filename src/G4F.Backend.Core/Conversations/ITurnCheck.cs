namespace G4F.Backend.Conversations;

/// <summary>A check before the turn's stream starts: it may refuse the turn with a status, or note what it found in the context.</summary>
internal interface ITurnCheck
{
    /// <summary>The refusal, or null when the turn may go on.</summary>
    ValueTask<TurnRefusal?> CheckAsync(TurnContext turn, CancellationToken cancellationToken);
}
