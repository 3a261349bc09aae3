using System.Runtime.CompilerServices;
using G4F.Backend.Buckets;
using G4F.Backend.Events;
using G4F.Backend.Routing;
using G4F.Backend.Search;
using G4F.Backend.Telemetry;
using G4F.Backend.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>
/// The steps of a conversation turn, in order, and the loop that runs them (PROTOCOL 3.6, 3.8). Checks run before the
/// stream and may refuse the turn; the steps before the provider run once each, in the stream, the slow ones after the
/// first two events; the per-event steps run inside one loop over the provider's events (no iterator layer per step,
/// and none for the loop itself: <see cref="TurnStream"/> walks it); the closing steps run once the provider is done.
/// Nothing is buffered beyond the events one step makes at once.
/// </summary>
internal sealed class TurnPipeline
{
    private readonly ITurnCheck[] _checks;
    private readonly ITurnStep[] _beforeProvider;
    private readonly TurnEventSteps _perEvent;
    private readonly ITurnStep[] _closing;
    private readonly ILogger _logger;
    private readonly BackendTelemetry _telemetry;

    public TurnPipeline(
        TurnMediaAttacher media,
        CandidateSelector selector,
        FailoverExecutor failover,
        BucketPartExpander bucketParts,
        ConversationSearch search,
        MediaDownloadStep mediaDownload,
        UsageRecorder usageRecorder,
        TimeProvider timeProvider,
        IOptions<ConversationOptions> options,
        ILogger<ConversationService> logger,
        BackendTelemetry telemetry)
    {
        _logger = logger;
        _telemetry = telemetry;
        // PROTOCOL 3.3: the media check comes before the provider lookup.
        _checks = [new MediaCheck(media), new ProviderLookup(selector), new InlineImageCheck(media)];
        _beforeProvider =
        [
            new BucketExpansionStep(bucketParts),
            new AnnouncementStep(),
            new WebSearchStep(search),
            new AttachedMediaStep(media),
            new RoutingStep(selector, failover, media),
        ];
        _perEvent = new TurnEventSteps(
        [
            new UsageStep(),
            new ThinkSplitStep(timeProvider),
            new MediaDownloadEventStep(mediaDownload),
            new SearchSourcesStep(),
        ]);
        _closing =
        [
            new FailureStep(),
            new UsageRecordStep(usageRecorder),
            new DebugLogStep(options),
        ];
    }

    /// <summary>Runs the checks; the first refusal, or null when the turn may stream.</summary>
    public async ValueTask<TurnRefusal?> CheckAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        foreach (var check in _checks)
        {
            try
            {
                if (await check.CheckAsync(turn, cancellationToken).ConfigureAwait(false) is { } refusal)
                {
                    return refusal;
                }
            }
            catch (Exception ex) when (TurnErrors.Refusal(ex) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>The events of a checked turn.</summary>
    public IAsyncEnumerable<ResponseEvent> StreamAsync(TurnContext turn, CancellationToken cancellationToken) =>
        new TurnStream(this, turn, cancellationToken);

    /// <summary>The per-event steps <paramref name="turn"/> needs, asked once its provider's events start.</summary>
    internal TurnEventSteps PerEventFor(TurnContext turn) => _perEvent.For(turn);

    /// <summary>The turn's failure event for an exception of its provider's events or of a per-event step.</summary>
    internal ResponseEvent Failure(Exception error) => TurnErrors.Event(error, _logger);

    /// <summary>
    /// The turn's start, up to its provider's events (which <paramref name="stream"/> walks itself): its telemetry starts
    /// here, inside an iterator, so that the reader's <c>Activity.Current</c> never becomes the turn's span; then the
    /// steps before the provider run, each step's events following it.
    /// </summary>
    internal async IAsyncEnumerable<ResponseEvent> HeadAsync(TurnStream stream, TurnContext turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        stream.Observe(ObservedTurn.Start(_telemetry, turn));
        foreach (var step in _beforeProvider)
        {
            await RunAsync(step, turn, cancellationToken).ConfigureAwait(false);
            foreach (var pending in turn.Pending)
            {
                yield return pending;
            }

            turn.Pending.Clear();
        }
    }

    /// <summary>
    /// The turn's end, once its provider's events are done: the closing steps, each step's events following it; the
    /// stream ends once the usage line is written, and the turn's telemetry ends with it (or when the reader stops).
    /// </summary>
    internal async IAsyncEnumerable<ResponseEvent> TailAsync(TurnStream stream, TurnContext turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            foreach (var step in _closing)
            {
                await RunAsync(step, turn, cancellationToken).ConfigureAwait(false);
                foreach (var pending in turn.Pending)
                {
                    yield return pending;
                }

                turn.Pending.Clear();
            }

            if (turn.UsageRecording is { } recording)
            {
                // The stream ends once the line is written (it never faults), so a finished response means a recorded turn.
                await recording.ConfigureAwait(false);
            }
        }
        finally
        {
            stream.EndObservation();
        }
    }

    private async ValueTask RunAsync(ITurnStep step, TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Failure is not null && !step.RunsAfterFailure)
        {
            return;
        }

        try
        {
            await step.RunAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            turn.Failure ??= TurnErrors.Event(ex, _logger);
        }
    }
}
