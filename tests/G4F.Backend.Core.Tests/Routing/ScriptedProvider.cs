using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Routing;

/// <summary>A host-registered provider with scripted events and failures, recording what it was asked.</summary>
internal sealed class ScriptedProvider(string name, int priority = 0) : IChatProvider
{
    private int _listings;
    private int _disposed;

    public ProviderDescriptor Descriptor { get; init; } = new() { Name = name, Label = name, Priority = priority };

    public List<ChatRequest> Calls { get; } = [];

    public IReadOnlyList<string> Models { get; set; } = ["model-a"];

    public ProviderException? ListingFailure { get; set; }

    /// <summary>Synchronous work each listing does before it awaits: widens the window for racing callers.</summary>
    public TimeSpan ListingWork { get; set; }

    /// <summary>When set, listings wait for it: a lookup that is still in flight.</summary>
    public Task? ListingGate { get; set; }

    public int Listings => Volatile.Read(ref _listings);

    public IReadOnlyList<ResponseEvent> Events { get; set; } = [new ContentEvent("ok")];

    public ProviderException? FailAfterEvents { get; set; }

    /// <summary>Events and the failure come without awaiting (each step of the stream completes at once).</summary>
    public bool Synchronous { get; init; }

    /// <summary>After this many events the stream waits for its cancellation.</summary>
    public int? HangAfterEvents { get; init; }

    /// <summary>How many of its streams were disposed (ended, failed or stopped by their reader).</summary>
    public int Disposed => Volatile.Read(ref _disposed);

    /// <summary>Runs before each event goes out (e.g. advancing a fake clock).</summary>
    public Action? BeforeEvent { get; set; }

    public async Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listings);
        Thread.Sleep(ListingWork);
        await Task.Yield();
        if (ListingGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return ListingFailure is { } failure ? throw failure : Models;
    }

    public async IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add(request);
        }

        try
        {
            var sent = 0;
            foreach (var e in Events)
            {
                if (sent++ == HangAfterEvents)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                if (!Synchronous)
                {
                    await Task.Yield();
                }

                BeforeEvent?.Invoke();
                yield return e;
            }

            if (FailAfterEvents is { } failure)
            {
                throw failure;
            }
        }
        finally
        {
            Interlocked.Increment(ref _disposed);
        }
    }
}
