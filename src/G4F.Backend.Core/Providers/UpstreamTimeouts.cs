namespace G4F.Backend.Providers;

/// <summary>
/// The first-byte and idle limits of one streamed upstream call as one cancellation token: armed with
/// the first-byte limit when the request is sent, re-armed with the idle limit after every chunk.
/// </summary>
internal sealed class UpstreamTimeouts : IDisposable
{
    private readonly ProviderTimeouts _limits;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private bool _receiving;

    public UpstreamTimeouts(ProviderTimeouts limits, TimeProvider timeProvider, CancellationToken caller)
    {
        _limits = limits;
        _caller = caller;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
        _timer.CancelAfter(limits.FirstByte);
    }

    /// <summary>Cancelled by the caller or by a limit.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Call after every chunk: restarts the idle limit.</summary>
    public void ChunkReceived()
    {
        _receiving = true;
        _timer.CancelAfter(_limits.Idle);
    }

    /// <summary>Whether <paramref name="exception"/> is this object's limit firing rather than the caller cancelling.</summary>
    public bool IsTimeout(Exception exception) =>
        exception is OperationCanceledException or TimeoutException or IOException or HttpRequestException
        && _timer.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>The protocol error for a limit that fired.</summary>
    public ProviderException ToTimeoutError(string providerName, Exception inner) => _receiving
        ? new ProviderException("TimeoutError", $"{providerName} sent nothing for {_limits.Idle.TotalSeconds:0.###} s", innerException: inner)
        : new ProviderException("TimeoutError", $"{providerName} did not answer within {_limits.FirstByte.TotalSeconds:0.###} s", innerException: inner);

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
