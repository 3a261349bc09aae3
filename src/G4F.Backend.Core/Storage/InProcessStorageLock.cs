namespace G4F.Backend.Storage;

/// <summary>
/// The embedded default of <see cref="IStorageLock"/>: enough when one process owns the data directory. One gate per
/// resource while someone holds or waits for it, removed with its last user: memory follows the writers at work, not
/// the ids clients invent, and a writer may hold two resources at once without meeting itself on a shared stripe.
/// </summary>
internal sealed class InProcessStorageLock : IStorageLock
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(resource, out gate!))
            {
                gate = new Gate();
                _gates[resource] = gate;
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(resource, gate);
            throw;
        }

        return new Held(this, resource, gate);
    }

    private void Leave(string resource, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(resource);
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Held(InProcessStorageLock owner, string resource, Gate gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            // A second dispose must not release a lock another writer holds by then.
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Semaphore.Release();
                owner.Leave(resource, gate);
            }

            return ValueTask.CompletedTask;
        }
    }
}
