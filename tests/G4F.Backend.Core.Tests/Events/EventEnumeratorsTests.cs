using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Events;

/// <summary>The step every stream layer takes per event: failures come back as values, the caller's cancellation does not.</summary>
public sealed class EventEnumeratorsTests
{
    [Fact]
    public async Task Steps_that_complete_at_once_and_later_both_move()
    {
        var gate = new TaskCompletionSource();
        await using var events = Items(gate.Task).GetAsyncEnumerator();

        (await events.TryMoveNextAsync(CancellationToken.None)).Should().Be((true, (Exception?)null));
        var pending = events.TryMoveNextAsync(CancellationToken.None);
        pending.IsCompleted.Should().BeFalse();
        gate.SetResult();
        (await pending).Should().Be((true, (Exception?)null));
        events.Current.Should().Be(2);
        (await events.TryMoveNextAsync(CancellationToken.None)).Should().Be((false, (Exception?)null));
    }

    [Fact]
    public async Task A_failure_at_once_or_later_comes_back_as_the_failure()
    {
        var boom = new InvalidOperationException("boom");
        await using var now = new ThrowingEnumerator(boom);
        await using var later = Failing(boom).GetAsyncEnumerator();

        (await now.TryMoveNextAsync(CancellationToken.None)).Should().Be((false, (Exception?)boom));
        (await later.TryMoveNextAsync(CancellationToken.None)).Should().Be((false, (Exception?)boom));
    }

    [Fact]
    public async Task The_callers_own_cancellation_propagates_at_once_or_later()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var now = new ThrowingEnumerator(new OperationCanceledException(cancelled.Token));
        await using var later = Failing(new OperationCanceledException(cancelled.Token)).GetAsyncEnumerator();

        await FluentActions.Awaiting(async () => await now.TryMoveNextAsync(cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(async () => await later.TryMoveNextAsync(cancelled.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    private static async IAsyncEnumerable<int> Items(Task gate)
    {
        yield return 1;
        await gate;
        yield return 2;
    }

    private static async IAsyncEnumerable<int> Failing(Exception failure)
    {
        await Task.Yield();
        throw failure;
#pragma warning disable CS0162 // An iterator needs a yield to be one.
        yield break;
#pragma warning restore CS0162
    }

    /// <summary>A host-written enumerator that throws from MoveNextAsync itself, before any task exists.</summary>
    private sealed class ThrowingEnumerator(Exception failure) : IAsyncEnumerator<int>
    {
        public int Current => 0;

        public ValueTask<bool> MoveNextAsync() => throw failure;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
