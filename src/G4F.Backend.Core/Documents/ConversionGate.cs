
namespace G4F.Backend.Documents;

/// <summary>
/// The one limit on CPU-heavy file work of the backend (document conversions, image decodes): at most one slot per
/// processor, so a burst of uploads queues instead of starving the conversation routes of threads and memory. Waiting
/// for a slot has a deadline (<see cref="DocumentLimits.ConversionQueueTimeout"/>): a file that cannot get one in time
/// fails on its own with <see cref="ConversionQueueTimeoutException"/>, instead of holding its request for hours.
/// </summary>
internal sealed class ConversionGate : IDisposable
{
    /// <summary>
    /// Allocations since the last give-back after which the gate, once idle, has the runtime collect and decommit: the
    /// budget of one conversion. No collection runs while nothing allocates, so without this the garbage of a large
    /// conversion would stay resident until some later request happened to trigger one.
    /// </summary>
    internal const long GiveBackAfterBytes = 256L * 1024 * 1024;

    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queueTimeout;
    private readonly int _count;
    private long _allocatedAtGiveBack = GC.GetTotalAllocatedBytes();
    private int _givingBack;

    public ConversionGate(DocumentLimits limits)
        : this(Environment.ProcessorCount, limits.ConversionQueueTimeout)
    {
    }

    public ConversionGate(int slots, TimeSpan queueTimeout)
    {
        _count = Math.Max(1, slots);
        _slots = new SemaphoreSlim(_count);
        _queueTimeout = queueTimeout;
    }

    /// <summary>
    /// Waits for a free slot, at most the queue timeout; the caller must call <see cref="Release"/> exactly once after it
    /// got one. Throws <see cref="ConversionQueueTimeoutException"/> when no slot came free in time.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(_queueTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new ConversionQueueTimeoutException();
        }
    }

    /// <summary>Frees a slot taken by <see cref="WaitAsync"/>.</summary>
    public void Release()
    {
        _slots.Release();
        GiveBackWhenIdle();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool inside a slot; <paramref name="work"/> gets
    /// <paramref name="cancellationToken"/> to stop at (image decodes are bounded in size, so they are short).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        await WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => work(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    // Once the last running conversion ended after much was allocated: one compacting collection that returns the freed
    // memory to the system (GCCollectionMode.Aggressive), off the request's thread. It costs a pause in the order of the
    // live heap, so it runs at most once per GiveBackAfterBytes of allocation.
    private void GiveBackWhenIdle()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (_slots.CurrentCount < _count || allocated - Interlocked.Read(ref _allocatedAtGiveBack) < GiveBackAfterBytes
            || Interlocked.Exchange(ref _givingBack, 1) == 1)
        {
            return;
        }

        Interlocked.Exchange(ref _allocatedAtGiveBack, allocated);
        _ = Task.Run(() =>
        {
            try
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
            finally
            {
                Volatile.Write(ref _givingBack, 0);
            }
        });
    }
}
