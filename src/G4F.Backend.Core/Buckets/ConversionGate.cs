namespace G4F.Backend.Buckets;

/// <summary>
/// The one limit on CPU-heavy file work of the backend (document conversions, image decodes): at most one slot per
/// processor, so a burst of uploads queues instead of starving the conversation routes of threads and memory.
/// </summary>
internal sealed class ConversionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public ConversionGate()
        : this(Environment.ProcessorCount)
    {
    }

    public ConversionGate(int slots) => _slots = new SemaphoreSlim(Math.Max(1, slots));

    /// <summary>Waits for a free slot; the caller must call <see cref="Release"/> exactly once after it got one.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    /// <summary>Frees a slot taken by <see cref="WaitAsync"/>.</summary>
    public void Release() => _slots.Release();

    /// <summary>Runs <paramref name="work"/> on the thread pool inside a slot.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
