using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Telemetry;

namespace G4F.Backend.Routing;

/// <summary>
/// The events of <see cref="FailoverExecutor.StreamAsync"/>. Until the first shown output the executor's iterator
/// decides (which candidate, whether to fall over); once output was shown a failure ends the turn whatever happens, so
/// the attempt is handed over here and each further event is the provider's own, passed on without an iterator layer
/// (no state machine per chunk while the provider's step completes at once). The attempt's end is still the executor's:
/// success counted, a failure logged, named on the attempt's span and thrown as a <see cref="ProviderException"/>, and
/// the span ends when the provider's events do.
/// </summary>
internal sealed class FailoverStream(
    FailoverExecutor executor,
    RoutePlan plan,
    IReadOnlyList<IChatProvider> candidates,
    UpstreamTurn turn,
    RequestLog log,
    TurnTelemetry? telemetry,
    CancellationToken cancellationToken) : IAsyncEnumerable<ResponseEvent>, IAsyncEnumerator<ResponseEvent>
{
    private int _enumerated;
    private IAsyncEnumerator<ResponseEvent>? _head;

    // The attempt handed over: its provider's events and span, and the token its failures are judged by (the enumeration's).
    private IAsyncEnumerator<ResponseEvent>? _events;
    private ProviderDescriptor? _descriptor;
    private AttemptTelemetry? _attempt;
    private CancellationToken _token;
    private bool _handedOver;
    private bool _ended;

    public ResponseEvent Current => _handedOver ? _events!.Current : _head!.Current;

    public IAsyncEnumerator<ResponseEvent> GetAsyncEnumerator(CancellationToken token = default)
    {
        // Each enumeration is a run of its own, as with an iterator; the first is this instance.
        var stream = Interlocked.Exchange(ref _enumerated, 1) == 0
            ? this
            : new FailoverStream(executor, plan, candidates, turn, log, telemetry, cancellationToken) { _enumerated = 1 };
        stream._head = executor.UntilShownAsync(stream, plan, candidates, turn, log, telemetry, cancellationToken).GetAsyncEnumerator(token);
        return stream;
    }

    /// <summary>Takes over the attempt whose first shown event <see cref="FailoverExecutor.UntilShownAsync"/> yields next (its last).</summary>
    internal void HandOver(ProviderDescriptor descriptor, IAsyncEnumerator<ResponseEvent> events, AttemptTelemetry? attempt, CancellationToken token)
    {
        _descriptor = descriptor;
        _events = events;
        _attempt = attempt;
        _token = token;
    }

    public ValueTask<bool> MoveNextAsync()
    {
        if (_handedOver)
        {
            return NextOfAttempt();
        }

        var step = _head!.MoveNextAsync();
        if (!step.IsCompletedSuccessfully)
        {
            return AwaitHeadAsync(step);
        }

        return step.Result ? new(true) : AfterHead();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_head is { } head)
            {
                await head.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await EndAttemptAsync().ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitHeadAsync(ValueTask<bool> step) =>
        await step.ConfigureAwait(false) || await AfterHead().ConfigureAwait(false);

    /// <summary>The executor's part ended: the turn ends with it unless it handed an attempt over.</summary>
    private ValueTask<bool> AfterHead()
    {
        if (_events is null || _ended)
        {
            return new(false);
        }

        _handedOver = true;
        return NextOfAttempt();
    }

    private ValueTask<bool> NextOfAttempt()
    {
        if (_ended)
        {
            return new(false);
        }

        ValueTask<bool> step;
        try
        {
            step = _events!.MoveNextAsync();
        }
        catch (Exception ex)
        {
            return EndAsync(ex);
        }

        if (!step.IsCompletedSuccessfully)
        {
            return AwaitAttemptAsync(step);
        }

        return step.Result ? new(true) : EndAsync(null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitAttemptAsync(ValueTask<bool> step)
    {
        Exception? error = null;
        try
        {
            if (await step.ConfigureAwait(false))
            {
                return true;
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return await EndAsync(error).ConfigureAwait(false);
    }

    /// <summary>
    /// The attempt's events ended, with <paramref name="error"/> when they failed: as in the executor's loop, the events
    /// are disposed first, then the attempt counts as completed or failed (never falling over: output was shown), and
    /// its span ends. The caller's own cancellation is no failure and propagates as it is.
    /// </summary>
    private async ValueTask<bool> EndAsync(Exception? error)
    {
        ProviderException? failure = null;
        try
        {
            _ended = true;
            await _events!.DisposeAsync().ConfigureAwait(false);
            if (error is OperationCanceledException && _token.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            if (error is null)
            {
                executor.Completed(_descriptor!, _attempt);
                return false;
            }

            failure = FailoverExecutor.AsProviderFailure(_descriptor!, error);
            executor.Failed(_descriptor!, failure, log, _attempt, shown: true, fallingBack: false);
        }
        finally
        {
            _attempt?.Dispose();
        }

        throw failure;
    }

    /// <summary>A reader that stopped early: the attempt's events are disposed and its span ends (as canceled).</summary>
    private async ValueTask EndAttemptAsync()
    {
        if (_events is not { } events || _ended)
        {
            return;
        }

        _ended = true;
        try
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _attempt?.Dispose();
        }
    }
}
