namespace G4F.Backend.Testing;

/// <summary>
/// Lets tests wait for a condition on shared state without polling: writers change the state under
/// <see cref="Gate"/> and call <see cref="Pulse"/>; waiters re-check their condition on every pulse.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The lock that guards the observed state.</summary>
    public object Gate { get; } = new();

    /// <summary>Wakes every waiter.</summary>
    public void Pulse()
    {
        TaskCompletionSource changed;
        lock (Gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Completes when <paramref name="condition"/> (evaluated under <see cref="Gate"/>) holds; throws <see cref="TimeoutException"/> with <paramref name="failure"/>'s text otherwise.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (Gate)
            {
                if (condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                lock (Gate)
                {
                    throw new TimeoutException(failure());
                }
            }

            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                // Check once more: the condition decides, and the failure text says how far it got.
            }
        }
    }
}
