namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Tells when a test host's service container has ended: <see cref="BackendFactory"/> has the container make it before
/// anything else, and a container disposes what it made in reverse order, so this is the last thing it disposes.
/// </summary>
/// <remarks>It holds only the signal it completes, nothing of the host, so it cannot keep alive what a test measures.</remarks>
internal sealed class ServicesEndedSentinel(TaskCompletionSource ended) : IDisposable
{
    public void Dispose() => ended.TrySetResult();
}
