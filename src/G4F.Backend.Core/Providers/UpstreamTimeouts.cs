namespace G4F.Backend.Providers;

/// <summary>
/// The first-byte and idle limits of one upstream call as one cancellation token. Both limits measure
/// the upstream's silence only: the clock runs while the provider waits on the upstream (between
/// <see cref="Arm"/> and <see cref="Received"/>) and stands still while the provider's reader is busy
/// with what arrived, so a slow reader never makes a healthy upstream look hung.
/// </summary>
/// <remarks>
/// <see cref="Arm"/> and <see cref="Received"/> run around every read of a streamed body, so they only
/// note times: one timer is moved only when a deadline comes earlier than it is set for, and when it fires
/// early (the wait it was set for has ended) it is simply set again for the deadline that holds then.
/// </remarks>
internal sealed class UpstreamTimeouts : IDisposable
{
    private readonly ProviderTimeouts _limits;
    private readonly TimeProvider _timeProvider;
    private readonly long _started;
    private readonly CancellationTokenSource _expired = new();
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _received;
    private bool _waiting;
    private long _deadline;
    private long _firesAt = long.MaxValue;
    private bool _disposed;

    /// <summary>Starts the first-byte limit: it covers connecting, the response headers and the wait for the first byte of the body.</summary>
    public UpstreamTimeouts(ProviderTimeouts limits, TimeProvider timeProvider, CancellationToken caller)
    {
        _limits = limits;
        _timeProvider = timeProvider;
        _caller = caller;
        _started = timeProvider.GetTimestamp();
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _expired.Token);
        _timer = timeProvider.CreateTimer(static state => ((UpstreamTimeouts)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm();
    }

    /// <summary>Cancelled by the caller or by a limit.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>
    /// Call right before waiting on the upstream: until something arrived the rest of the first-byte
    /// limit (counted from the request, not restarted per wait), afterwards the full idle limit.
    /// </summary>
    public void Arm()
    {
        lock (_gate)
        {
            var limit = _received ? _limits.Idle : _limits.FirstByte;
            if (limit == Timeout.InfiniteTimeSpan || _disposed)
            {
                return;
            }

            var from = _received ? _timeProvider.GetTimestamp() : _started;
            _deadline = from + ToTimestampTicks(limit);
            _waiting = true;
            if (_deadline < _firesAt)
            {
                Schedule(_deadline);
            }
        }
    }

    /// <summary>Call right after the upstream delivered something (any bytes, or an update): stops the clock until the next <see cref="Arm"/>.</summary>
    public void Received()
    {
        lock (_gate)
        {
            _received = true;
            _waiting = false;
        }
    }

    /// <summary>Whether <paramref name="exception"/> is this object's limit firing rather than the caller cancelling.</summary>
    public bool IsTimeout(Exception exception) =>
        exception is OperationCanceledException or TimeoutException or IOException or HttpRequestException
        && _expired.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>The protocol error for a limit that fired.</summary>
    public ProviderException ToTimeoutError(string providerName, Exception inner) => _received
        ? new ProviderException("TimeoutError", $"{providerName} sent nothing for {_limits.Idle.TotalSeconds:0.###} s", innerException: inner)
        : new ProviderException("TimeoutError", $"{providerName} did not answer within {_limits.FirstByte.TotalSeconds:0.###} s", innerException: inner);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
        _linked.Dispose();
        _expired.Dispose();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _firesAt = long.MaxValue;
            if (_disposed || !_waiting)
            {
                // Nobody is waiting: the next Arm sets the timer again.
                return;
            }

            var now = _timeProvider.GetTimestamp();
            if (now < _deadline)
            {
                // Set for an earlier wait that ended; this wait's deadline is later.
                Schedule(_deadline);
                return;
            }

            // Under the gate, so Dispose cannot come in between (the gate is re-entrant for whatever
            // the cancellation runs inline on this thread).
            _expired.Cancel();
        }
    }

    /// <summary>Sets the timer for <paramref name="deadline"/>; the caller holds the gate.</summary>
    private void Schedule(long deadline)
    {
        _firesAt = deadline;
        var due = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), deadline);

        // Zero fires at once: the limit has passed, the read must not start.
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private long ToTimestampTicks(TimeSpan limit) => (long)(limit.Ticks * (_timeProvider.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
}
