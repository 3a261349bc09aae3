using G4F.Backend.Routing;

namespace G4F.Backend.Conversations;

/// <summary>
/// Routing with fallback: the candidates for the turn's model (<see cref="CandidateSelector"/>), then the provider's
/// events with failover before the first shown output (<see cref="FailoverExecutor"/>), which the pipeline's loop reads.
/// When a candidate takes only image bytes (Ollama), the remote <c>image_url</c> parts are fetched and inlined first, so
/// whichever candidate answers gets the same messages.
/// </summary>
internal sealed class RoutingStep(CandidateSelector selector, FailoverExecutor failover, TurnMediaAttacher media) : ITurnStep
{
    public bool RunsAfterFailure => false;

    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var plan = turn.Route!;
        var candidates = await selector.SelectAsync(plan, turn.Request, cancellationToken).ConfigureAwait(false);
        if (candidates.Any(c => c.Descriptor.TakesInlineImagesOnly))
        {
            turn.Messages = await media.InlineImagesAsync(turn.Messages, turn.Input.ServerOrigin, turn.Log, cancellationToken).ConfigureAwait(false);
        }

        var upstream = turn.ToUpstream();
        if (turn.Request.DownloadMedia)
        {
            turn.MediaDownload = MediaDownloadContext.For(upstream, turn.Input.MediaBase);
        }

        turn.Upstream = failover.StreamAsync(plan, candidates, upstream, turn.Log, turn.Telemetry, cancellationToken);
    }
}
