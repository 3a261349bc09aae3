using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// The events of a checked turn (<see cref="TurnPipeline.StreamAsync"/>). The turn's start and end are iterators of the
/// pipeline (<see cref="TurnPipeline.HeadAsync"/>, <see cref="TurnPipeline.TailAsync"/>); between them this walks the
/// provider's events itself, each through the per-event steps, so a chunk that was already read and that every step
/// handled at once (a text chunk, the common case) is handed to the reader without an async state machine or an
/// iterator layer of its own. Only a move of the provider or a step that must wait is awaited.
/// </summary>
/// <remarks>
/// As with the iterator this replaces: a failure of the provider's events or of a step ends them with the turn's
/// failure event (from the closing steps), the caller's own cancellation propagates, the provider's events are disposed
/// before the closing steps run, and the turn's telemetry ends when its stream does, or when the reader stops early
/// (after the provider's events are disposed). Nothing that starts or ends a span runs in the reader's own execution
/// context: that happens in the iterators and in async methods, so the reader's <c>Activity.Current</c> stays its own.
/// </remarks>
internal sealed class TurnStream : IAsyncEnumerable<ResponseEvent>, IAsyncEnumerator<ResponseEvent>
{
    private readonly TurnPipeline _pipeline;
    private readonly TurnContext _turn;
    private readonly CancellationToken _streamToken;
    private int _enumerated;

    // The token the turn runs with: the stream's, joined with the enumeration's when they differ (as an iterator's).
    private CancellationToken _token;
    private CancellationTokenSource? _linked;

    private Phase _phase;

    // The head or the tail while it runs.
    private IAsyncEnumerator<ResponseEvent>? _part;

    // The provider's events and the per-event steps; what the steps made of the last event, handed out from _next on.
    private IAsyncEnumerator<ResponseEvent>? _events;
    private TurnEventSteps? _perEvent;
    private List<ResponseEvent>? _batch;
    private List<ResponseEvent>? _spare;
    private int _next;
    private bool _eventsEnded;
    private ValueTask<(bool Moved, Exception? Failure)> _pendingMove;
    private bool _awaitingMove;
    private ValueTask<Exception?> _pendingApply;
    private bool _pendingMoved;

    private ObservedTurn _observed;
    private bool _observing;
    private ResponseEvent? _current;

    public TurnStream(TurnPipeline pipeline, TurnContext turn, CancellationToken cancellationToken)
    {
        _pipeline = pipeline;
        _turn = turn;
        _streamToken = cancellationToken;
    }

    private enum Phase
    {
        Head,
        Events,
        Tail,
        Done,
    }

    public ResponseEvent Current => _current!;

    public IAsyncEnumerator<ResponseEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        // Each enumeration is a run of its own, as with an iterator; the first is this instance.
        var stream = Interlocked.Exchange(ref _enumerated, 1) == 0 ? this : new TurnStream(_pipeline, _turn, _streamToken) { _enumerated = 1 };
        stream.Begin(cancellationToken);
        return stream;
    }

    /// <summary>The turn's telemetry, started by the head: ended by the tail, or by <see cref="DisposeAsync"/>.</summary>
    internal void Observe(ObservedTurn observed)
    {
        _observed = observed;
        _observing = true;
    }

    /// <summary>Ends the turn's telemetry, once.</summary>
    internal void EndObservation()
    {
        if (_observing)
        {
            _observing = false;
            _observed.Dispose();
        }
    }

    public ValueTask<bool> MoveNextAsync()
    {
        if (_phase != Phase.Events)
        {
            return MovePartAsync();
        }

        try
        {
            return MoveInEvents();
        }
        catch (Exception ex)
        {
            // As an iterator's, a failed move is a faulted task, never a throw.
            return ValueTask.FromException<bool>(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_part is { } part)
            {
                _part = null;
                await part.DisposeAsync().ConfigureAwait(false);
            }

            if (_events is { } events)
            {
                _events = null;
                await events.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _phase = Phase.Done;
            try
            {
                EndObservation();
            }
            finally
            {
                _linked?.Dispose();
                _linked = null;
            }
        }
    }

    private void Begin(CancellationToken cancellationToken)
    {
        _token = EventEnumerators.Join(_streamToken, cancellationToken, out _linked);
        _part = _pipeline.HeadAsync(this, _turn, _token).GetAsyncEnumerator();
    }

    /// <summary>The head, the tail, and the moves between the phases.</summary>
    private async ValueTask<bool> MovePartAsync()
    {
        while (true)
        {
            switch (_phase)
            {
                case Phase.Head:
                    if (await _part!.MoveNextAsync().ConfigureAwait(false))
                    {
                        _current = _part.Current;
                        return true;
                    }

                    await EndPartAsync().ConfigureAwait(false);
                    if (_turn.Failure is null && _turn.Upstream is { } upstream)
                    {
                        _perEvent = _pipeline.PerEventFor(_turn);
                        _batch = new List<ResponseEvent>(4);
                        _spare = new List<ResponseEvent>(4);
                        _events = upstream.GetAsyncEnumerator(_token);
                        _phase = Phase.Events;
                        return await MoveInEvents().ConfigureAwait(false);
                    }

                    StartTail();
                    break;
                case Phase.Events:
                    return await MoveInEvents().ConfigureAwait(false);
                case Phase.Tail:
                    if (await _part!.MoveNextAsync().ConfigureAwait(false))
                    {
                        _current = _part.Current;
                        return true;
                    }

                    await EndPartAsync().ConfigureAwait(false);
                    _phase = Phase.Done;
                    return false;
                default:
                    return false;
            }
        }
    }

    private async ValueTask EndPartAsync()
    {
        var part = _part!;
        _part = null;
        await part.DisposeAsync().ConfigureAwait(false);
    }

    private void StartTail()
    {
        _phase = Phase.Tail;
        _part = _pipeline.TailAsync(this, _turn, _token).GetAsyncEnumerator();
    }

    /// <summary>
    /// The next of the provider's events as the per-event steps give it out: synchronously while the provider's move
    /// and every step complete at once.
    /// </summary>
    private ValueTask<bool> MoveInEvents() => Advance() ?? AwaitPendingAsync();

    /// <summary>
    /// Moves and applies the steps while each completes at once: the outcome (an event out, or the events' end), or null
    /// when it stopped at a move or a step that must be awaited (kept in <see cref="_pendingMove"/> or
    /// <see cref="_pendingApply"/>).
    /// </summary>
    private ValueTask<bool>? Advance()
    {
        var batch = _batch!;
        while (true)
        {
            if (_next < batch.Count)
            {
                _current = batch[_next++];
                return new(true);
            }

            if (_eventsEnded)
            {
                return EndEventsAsync();
            }

            var move = _events!.TryMoveNextAsync(_token);
            if (!move.IsCompletedSuccessfully)
            {
                _pendingMove = move;
                _awaitingMove = true;
                return null;
            }

            var (moved, failure) = move.Result;
            if (failure is not null)
            {
                Settle(moved: false, failure);
                continue;
            }

            var applied = Apply(moved);
            if (!applied.IsCompletedSuccessfully)
            {
                _pendingApply = applied;
                _pendingMoved = moved;
                return null;
            }

            Settle(moved, applied.Result);
        }
    }

    /// <summary>Passes the provider's current event (or, at its end, what the steps still hold) through the per-event steps.</summary>
    private ValueTask<Exception?> Apply(bool moved)
    {
        var batch = _batch!;
        batch.Clear();
        _next = 0;
        if (moved)
        {
            batch.Add(_events!.Current);
        }

        return _perEvent!.ApplyAsync(moved, _turn, batch, _spare!, _token);
    }

    /// <summary>What a move and its steps came to: a failure ends the provider's events with the turn's failure event, unsent.</summary>
    private void Settle(bool moved, Exception? error)
    {
        if (error is not null)
        {
            _batch!.Clear();
            _turn.Failure = _pipeline.Failure(error);
            _eventsEnded = true;
        }
        else if (!moved)
        {
            _eventsEnded = true;
        }
    }

    // Loops here until an event is out: calling back into MoveInEvents would chain one pending frame per move that gives
    // nothing (a chunk without text, an event a step holds back), held until an event finally comes out.
    private async ValueTask<bool> AwaitPendingAsync()
    {
        while (true)
        {
            if (_awaitingMove)
            {
                _awaitingMove = false;
                var move = _pendingMove;
                _pendingMove = default;
                var (moved, failure) = await move.ConfigureAwait(false);
                if (failure is not null)
                {
                    Settle(moved: false, failure);
                }
                else
                {
                    Settle(moved, await Apply(moved).ConfigureAwait(false));
                }
            }
            else
            {
                var applied = _pendingApply;
                _pendingApply = default;
                Settle(_pendingMoved, await applied.ConfigureAwait(false));
            }

            if (Advance() is { } outcome)
            {
                return await outcome.ConfigureAwait(false);
            }
        }
    }

    /// <summary>The provider's events are done: they are disposed before the closing steps run.</summary>
    private async ValueTask<bool> EndEventsAsync()
    {
        var events = _events!;
        _events = null;
        await events.DisposeAsync().ConfigureAwait(false);
        StartTail();
        return await MovePartAsync().ConfigureAwait(false);
    }
}
