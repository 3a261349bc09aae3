namespace G4F.Backend.WebClient;

/// <summary>
/// One load of a fetched web client file (its slot, a cache store read, then a fetch if need be), shared by the requests
/// waiting for it. The waiters are counted: when the last one leaves before the load has its slot, the load is given up
/// (<see cref="Token"/> cancels its slot wait), so a request that went away leaves nothing queued behind it. Once the
/// load has its slot it runs to its end: see <see cref="WebClientFiles"/>.
/// </summary>
/// <remarks>The state (<see cref="Join"/>, <see cref="Leave"/>, <see cref="TryStart"/>, <see cref="End"/>) is guarded by the owner's lock.</remarks>
internal sealed class WebClientLoad : IDisposable
{
    private readonly CancellationTokenSource _giveUp = new();
    private readonly Lazy<Task<WebClientFile>> _task;
    private int _waiters = 1;
    private bool _started;
    private bool _ended;

    /// <summary>A load with one waiter (the request that made it); <paramref name="run"/> starts on the first <see cref="Task"/>.</summary>
    public WebClientLoad(Func<WebClientLoad, Task<WebClientFile>> run)
    {
        _task = new Lazy<Task<WebClientFile>>(() => run(this));
    }

    /// <summary>The load's outcome, shared by its waiters (started on first use).</summary>
    public Task<WebClientFile> Task => _task.Value;

    /// <summary>Cancelled when the load is given up: read it once, when the slot wait starts.</summary>
    public CancellationToken Token => _giveUp.Token;

    /// <summary>Whether the load was given up: its last waiter left before it had a slot.</summary>
    public bool GivenUp { get; private set; }

    /// <summary>One more request waits for the load.</summary>
    public void Join() => _waiters++;

    /// <summary>A waiter is done (answered or gone); true when it was the last and the load is to be given up now.</summary>
    public bool Leave()
    {
        _waiters--;
        if (_waiters > 0 || _started || _ended || GivenUp)
        {
            return false;
        }

        GivenUp = true;
        return true;
    }

    /// <summary>The load has its slot: true when it goes on, false when it was given up meanwhile.</summary>
    public bool TryStart()
    {
        _started = !GivenUp;
        return _started;
    }

    /// <summary>The load is over; true when its token is for the load to dispose (a given-up load's is the giver's).</summary>
    public bool End()
    {
        _ended = true;
        return !GivenUp;
    }

    /// <summary>Cancels the slot wait of a load <see cref="Leave"/> gave up. Outside the owner's lock: the wait may end on this thread.</summary>
    public void Cancel() => _giveUp.Cancel();

    /// <inheritdoc />
    public void Dispose() => _giveUp.Dispose();
}
