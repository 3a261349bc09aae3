using G4F.Backend.Providers;
using G4F.Backend.Usage;

namespace G4F.Backend.Conversations;

/// <summary>
/// Runs one conversation turn end to end, for any host: the HTTP endpoint, a console app or a worker get the same turn.
/// The attached media and the provider are checked before the stream (a <see cref="TurnRefusal"/>); then the events
/// follow in the order of PROTOCOL 3.6: <c>provider</c>, <c>parameters</c>, the route's events (with
/// <c>&lt;think&gt;</c> split into reasoning and provider media stored), the search sources, <c>usage</c> (estimated
/// when the upstream sent none), then <c>log</c> lines in debug mode. A failure after the start is one <c>error</c> or
/// <c>auth</c> event. Nothing is buffered. A successful turn also records its usage line through <see cref="IUsageLog"/>.
/// </summary>
public sealed class ConversationService
{
    /// <summary>
    /// The most characters a front door holds of one turn's answer when it must have it whole before answering: a
    /// filtered, cached or spoken <c>/create</c> answer, a non-streamed OpenAI completion (its text, reasoning and
    /// tool-call arguments together). The turn itself streams and is not bounded by it; a host that collects the events
    /// stops reading past it, which cancels the upstream request. Public so that every host applies the one limit.
    /// </summary>
    public const int MaxWholeAnswerChars = 16 * 1024 * 1024;

    private readonly TurnPipeline _pipeline;

    internal ConversationService(TurnPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    /// <summary>
    /// Checks a turn and starts it: the outcome is either a refusal known before any event (400 for attached media that
    /// may not be used, 404 for a provider that is not configured) or the turn's events, which run as they are read.
    /// </summary>
    /// <param name="request">The turn, as the host parsed it.</param>
    /// <param name="input">What the host knows beyond the request; <see cref="TurnInput.None"/> when nothing.</param>
    /// <param name="cancellationToken">Cancels the checks, and the turn with its upstream request when the events are read with it.</param>
    /// <returns>The refusal or the events.</returns>
    /// <exception cref="ArgumentException">The request has no messages.</exception>
    public async ValueTask<TurnOutcome> RunAsync(ChatRequest request, TurnInput input, CancellationToken cancellationToken = default)
    {
        var turn = Start(request, input);
        return await _pipeline.CheckAsync(turn, cancellationToken).ConfigureAwait(false) is { } refusal
            ? TurnOutcome.Refused(refusal)
            : TurnOutcome.Streaming(_pipeline.StreamAsync(turn, cancellationToken));
    }

    private static TurnContext Start(ChatRequest request, TurnInput input)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(input);
        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("A conversation needs at least one message.", nameof(request));
        }

        return new TurnContext(request, input);
    }
}
