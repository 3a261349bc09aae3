using System.Diagnostics.CodeAnalysis;
using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// What <see cref="ConversationService.RunAsync"/> gives a host: a <see cref="TurnRefusal"/> known before any event, or
/// the turn's event stream. Everything that goes wrong once the stream started is an event of it.
/// </summary>
public sealed class TurnOutcome
{
    private TurnOutcome(TurnRefusal? refusal, IAsyncEnumerable<ResponseEvent> events)
    {
        Refusal = refusal;
        Events = events;
    }

    /// <summary>Why the turn was refused, or null when it runs.</summary>
    public TurnRefusal? Refusal { get; }

    /// <summary>Whether the turn was refused before its stream (then <see cref="Events"/> is empty).</summary>
    [MemberNotNullWhen(true, nameof(Refusal))]
    public bool IsRefused => Refusal is not null;

    /// <summary>
    /// The events of the turn, in protocol order; enumerate once. The turn runs while it is enumerated, and cancelling
    /// the enumeration cancels the upstream request. Empty for a refused turn.
    /// </summary>
    public IAsyncEnumerable<ResponseEvent> Events { get; }

    internal static TurnOutcome Refused(TurnRefusal refusal) => new(refusal, AsyncEnumerable.Empty<ResponseEvent>());

    internal static TurnOutcome Streaming(IAsyncEnumerable<ResponseEvent> events) => new(null, events);
}
