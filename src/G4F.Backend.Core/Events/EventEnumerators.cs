namespace G4F.Backend.Events;

/// <summary>
/// A step of an event stream that hands a failure back instead of throwing it: C# allows no
/// <c>yield</c> inside a <c>try</c> with a <c>catch</c>, so stream steps that turn failures into
/// events (or into the next provider) take the step here and yield outside.
/// </summary>
internal static class EventEnumerators
{
    /// <summary>
    /// Advances <paramref name="events"/>. Any exception comes back as <c>Failure</c>, except the caller's own
    /// cancellation, which propagates: a client that went away is not a failure to report.
    /// </summary>
    public static async ValueTask<(bool Moved, Exception? Failure)> TryMoveNextAsync<T>(this IAsyncEnumerator<T> events, CancellationToken cancellationToken)
    {
        try
        {
            return (await events.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (false, ex);
        }
    }
}
