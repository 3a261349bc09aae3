using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// A step applied to each event of the provider's stream, inside the one loop of the <see cref="TurnPipeline"/> (no
/// iterator layer of its own). It passes each event on, changed, split, held or with others beside it, into
/// <c>output</c>; a step with nothing to do for a content chunk must do nothing (and complete synchronously) for it.
/// </summary>
internal interface ITurnEventStep
{
    /// <summary>
    /// Whether the step has anything to do in <paramref name="turn"/>, asked once when the provider's events start (the
    /// steps before the provider have run): a step that has not is left out of the turn's loop.
    /// </summary>
    bool AppliesTo(TurnContext turn) => true;

    /// <summary>Handles one event; whatever goes on to the next step is added to <paramref name="output"/>, in order.</summary>
    ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken);

    /// <summary>The provider's stream ended without failure: adds what the step still holds to <paramref name="output"/>.</summary>
    void OnCompleted(TurnContext turn, List<ResponseEvent> output);
}
