using System.Collections.Concurrent;
using G4F.Backend.Storage;

namespace G4F.Backend.AspNetCore.Tests.Hosting.Parts;

/// <summary>A host's own storage lock that records what was locked (and holds nothing: the tests run one writer).</summary>
public sealed class RecordingStorageLock : IStorageLock
{
    private readonly ConcurrentQueue<string> _acquired = new();

    public IReadOnlyCollection<string> Acquired => [.. _acquired];

    public ValueTask<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken)
    {
        _acquired.Enqueue(resource);
        return ValueTask.FromResult<IAsyncDisposable>(new Released());
    }

    private sealed class Released : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
