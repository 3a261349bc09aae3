namespace G4F.Backend.PostgreSql.Schema;

/// <summary>
/// The bound on readers one instance holds open (<see cref="PostgreSqlOptions.MaxOpenReaders"/>). An open blob stream
/// keeps a pooled connection and its repeatable-read transaction until it is disposed, and so does the stream of a day
/// of usage or client log lines; a download disposes it only when the client has taken the last byte: without a bound, enough slow clients would
/// hold the whole pool and every other store would wait for a connection and fail. A reader takes a slot before it
/// opens its connection and gives it back after the connection went back to the pool, so readers never hold more
/// connections than there are slots, and the rest of the pool stays free for the short statements of the other stores.
/// A reader beyond the bound waits for a slot as long as it would wait for a pooled connection (the connection string's
/// <c>Timeout</c>), then fails as an exhausted pool does (<see cref="PostgreSqlUnavailableException"/>: a 503).
/// </summary>
internal sealed class ReaderSlots
{
    // Never disposed: a stream may be disposed after the database that handed it out, and SemaphoreSlim needs disposing
    // only when its AvailableWaitHandle was used, which it is not.
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _wait;
    private readonly string _target;
    private int _waiting;

    /// <param name="limit">How many readers may be open at once.</param>
    /// <param name="wait">How long a reader waits for a slot (<see cref="Timeout.InfiniteTimeSpan"/>: until cancelled).</param>
    /// <param name="target">The server as errors may name it (no password).</param>
    public ReaderSlots(int limit, TimeSpan wait, string target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _slots = new SemaphoreSlim(limit, limit);
        _wait = wait;
        _target = target;
        Limit = limit;
    }

    /// <summary>How many readers may be open at once.</summary>
    public int Limit { get; }

    /// <summary>How many slots are free now (for tests and diagnostics).</summary>
    public int Free => _slots.CurrentCount;

    /// <summary>How many readers are waiting for a slot now (for tests and diagnostics).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Takes a slot; the caller disposes the returned slot exactly when its reader's connection is back in the pool.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting (the client went away).</exception>
    /// <exception cref="PostgreSqlUnavailableException">Every slot stayed taken for the whole wait.</exception>
    public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        bool entered;
        Interlocked.Increment(ref _waiting);
        try
        {
            entered = await _slots.WaitAsync(_wait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        if (!entered)
        {
            // The same exception as a pool that gave no connection in time: the routes already answer it with a 503
            // JSON error, and the log names the setting to raise.
            throw new PostgreSqlUnavailableException(
                $"PostgreSQL at {_target}: all {Limit} open readers ({PostgreSqlOptions.MaxOpenReadersKey}) stayed in use for {_wait.TotalSeconds:0.#} s; try again later.",
                new TimeoutException("No reader slot became free in time."));
        }

        return new Slot(_slots);
    }

    /// <summary>One taken slot; disposing it gives it back, once however often it is disposed.</summary>
    internal sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private SemaphoreSlim? _slots = slots;

        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
    }
}
