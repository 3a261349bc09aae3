using G4F.Backend.Events;

namespace G4F.Backend.Routing;

/// <summary>An event enumerator whose first step throws the exception a provider threw when it was opened.</summary>
internal sealed class FailedEnumerator(Exception exception) : IAsyncEnumerator<ResponseEvent>
{
    public ResponseEvent Current => throw new InvalidOperationException("The enumerator has no current event.");

    public ValueTask<bool> MoveNextAsync() => ValueTask.FromException<bool>(exception);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
