using G4F.Backend.Routing;

namespace G4F.Backend.Conversations;

/// <summary>The named provider exists (after the media check, as the original orders them); its plan goes into the context.</summary>
internal sealed class ProviderLookup(CandidateSelector selector) : ITurnCheck
{
    public ValueTask<TurnRefusal?> CheckAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        Resolve(turn);
        return ValueTask.FromResult<TurnRefusal?>(null);
    }

    /// <summary>Sets the turn's route; throws <see cref="ProviderNotFoundException"/> for an unknown provider.</summary>
    public void Resolve(TurnContext turn) => turn.Route = selector.Resolve(turn.Request.Provider);
}
