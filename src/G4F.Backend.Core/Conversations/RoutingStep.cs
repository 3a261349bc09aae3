using G4F.Backend.Routing;

namespace G4F.Backend.Conversations;

/// <summary>
/// Routing with fallback: the candidates for the turn's model (<see cref="CandidateSelector"/>), then the provider's
/// events with failover before the first shown output (<see cref="FailoverExecutor"/>), which the pipeline's loop reads.
/// </summary>
internal sealed class RoutingStep(CandidateSelector selector, FailoverExecutor failover) : ITurnStep
{
    public bool RunsAfterFailure => false;

    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var plan = turn.Route!;
        var upstream = turn.ToUpstream();
        if (turn.Request.DownloadMedia)
        {
            turn.MediaDownload = MediaDownloadContext.For(upstream, turn.Input.MediaBase);
        }

        var candidates = await selector.SelectAsync(plan, turn.Request, cancellationToken).ConfigureAwait(false);
        turn.Upstream = failover.StreamAsync(plan, candidates, upstream, turn.Log, turn.Telemetry, cancellationToken);
    }
}
