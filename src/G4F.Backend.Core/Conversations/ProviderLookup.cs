using G4F.Backend.Routing;

namespace G4F.Backend.Conversations;

/// <summary>The named provider exists (after the media check, as the original orders them); its plan goes into the context.</summary>
internal sealed class ProviderLookup(CandidateSelector selector) : ITurnCheck
{
    public ValueTask<TurnRefusal?> CheckAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        // An unknown provider throws ProviderNotFoundException, which TurnErrors turns into the 404 refusal.
        turn.Route = selector.Resolve(turn.Request.Provider) with { CallerKey = turn.Input.CallerKey };
        return ValueTask.FromResult<TurnRefusal?>(null);
    }
}
