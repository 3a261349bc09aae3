using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// The one limit on CPU-heavy file work of the backend (document conversions, image decodes): at most one slot per
/// processor, so a burst of uploads queues instead of starving the conversation routes of threads and memory. Waiting
/// for a slot has a deadline (<see cref="BucketOptions.ConversionQueueTimeout"/>): a file that cannot get one in time
/// fails on its own with <see cref="ConversionQueueTimeoutException"/>, instead of holding its request for hours.
/// </summary>
internal sealed class ConversionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queueTimeout;

    public ConversionGate(IOptions<G4FBackendOptions> options)
        : this(Environment.ProcessorCount, options.Value.Buckets.ConversionQueueTimeout)
    {
    }

    public ConversionGate(int slots)
        : this(slots, new BucketOptions().ConversionQueueTimeout)
    {
    }

    public ConversionGate(int slots, TimeSpan queueTimeout)
    {
        _slots = new SemaphoreSlim(Math.Max(1, slots));
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
    public void Release() => _slots.Release();

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
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
