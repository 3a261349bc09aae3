namespace G4F.Backend.Providers;

/// <summary>
/// The first-byte and idle limits of one upstream call as one cancellation token. Both limits measure
/// the upstream's silence only: the clock runs while the provider waits on the upstream (between
/// <see cref="Arm"/> and <see cref="Received"/>) and stands still while the provider's reader is busy
/// with what arrived, so a slow reader never makes a healthy upstream look hung.
/// </summary>
internal sealed class UpstreamTimeouts : IDisposable
{
    private readonly ProviderTimeouts _limits;
    private readonly TimeProvider _timeProvider;
    private readonly long _started;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private bool _received;

    /// <summary>Starts the first-byte limit: it covers connecting, the response headers and the wait for the first byte of the body.</summary>
    public UpstreamTimeouts(ProviderTimeouts limits, TimeProvider timeProvider, CancellationToken caller)
    {
        _limits = limits;
        _timeProvider = timeProvider;
        _caller = caller;
        _started = timeProvider.GetTimestamp();
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
        _timer.CancelAfter(limits.FirstByte);
    }

    /// <summary>Cancelled by the caller or by a limit.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>
    /// Call right before waiting on the upstream: until something arrived the rest of the first-byte
    /// limit (counted from the request, not restarted per wait), afterwards the full idle limit.
    /// </summary>
    public void Arm() => _timer.CancelAfter(_received ? _limits.Idle : FirstByteLeft());

    /// <summary>Call right after the upstream delivered something (any bytes, or an update): stops the clock until the next <see cref="Arm"/>.</summary>
    public void Received()
    {
        _received = true;
        _timer.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether <paramref name="exception"/> is this object's limit firing rather than the caller cancelling.</summary>
    public bool IsTimeout(Exception exception) =>
        exception is OperationCanceledException or TimeoutException or IOException or HttpRequestException
        && _timer.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>The protocol error for a limit that fired.</summary>
    public ProviderException ToTimeoutError(string providerName, Exception inner) => _received
        ? new ProviderException("TimeoutError", $"{providerName} sent nothing for {_limits.Idle.TotalSeconds:0.###} s", innerException: inner)
        : new ProviderException("TimeoutError", $"{providerName} did not answer within {_limits.FirstByte.TotalSeconds:0.###} s", innerException: inner);

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }

    private TimeSpan FirstByteLeft()
    {
        if (_limits.FirstByte == Timeout.InfiniteTimeSpan)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var left = _limits.FirstByte - _timeProvider.GetElapsedTime(_started);

        // Zero cancels at once: the limit has passed, the read must not start.
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
