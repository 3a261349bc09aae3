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
    /// <remarks>
    /// Runs once per event of a turn, by the failover and by the turn's per-event loop: a step that completed at once (the
    /// common case, the chunk was already read) is answered without an async state machine; only a step still running
    /// is awaited.
    /// </remarks>
    public static ValueTask<(bool Moved, Exception? Failure)> TryMoveNextAsync<T>(this IAsyncEnumerator<T> events, CancellationToken cancellationToken)
    {
        ValueTask<bool> step;
        try
        {
            step = events.MoveNextAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An enumerator written by a host may throw before it returns its task.
            return new((false, ex));
        }

        return step.IsCompletedSuccessfully ? new((step.Result, null)) : AwaitAsync(step, cancellationToken);
    }

    private static async ValueTask<(bool Moved, Exception? Failure)> AwaitAsync(ValueTask<bool> step, CancellationToken cancellationToken)
    {
        try
        {
            return (await step.ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (false, ex);
        }
    }

    /// <summary>
    /// The token an enumeration runs with, by the rule of a compiler-generated async iterator: the stream's and the
    /// enumeration's token, joined (<paramref name="linked"/>, disposed by the enumerator) only when both can cancel and
    /// differ.
    /// </summary>
    public static CancellationToken Join(CancellationToken stream, CancellationToken enumeration, out CancellationTokenSource? linked)
    {
        linked = null;
        if (!enumeration.CanBeCanceled || enumeration == stream)
        {
            return stream;
        }

        if (!stream.CanBeCanceled)
        {
            return enumeration;
        }

        linked = CancellationTokenSource.CreateLinkedTokenSource(stream, enumeration);
        return linked.Token;
    }
}
