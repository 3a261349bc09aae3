using FluentAssertions;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="IStorageLock"/> guarantees. An implementation's test class derives from it and says how two
/// holders of one store are made: the same object for an in-process lock, two objects over one database for a shared one.
/// </summary>
public abstract class StorageLockContract
{
    /// <summary>A generous bound for a wait that should end; it only matters when the lock is broken.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Two locks over one store, as two instances of the backend would hold them.</summary>
    /// <returns>The two locks (they may be one object).</returns>
    protected abstract ValueTask<(IStorageLock First, IStorageLock Second)> CreatePairAsync();

    [Fact]
    public async Task A_second_writer_waits_until_the_first_releases()
    {
        var (first, second) = await CreatePairAsync();
        var resource = "contract/" + Guid.NewGuid().ToString("N");
        var held = await first.AcquireAsync(resource, CancellationToken.None);

        var waiting = second.AcquireAsync(resource, CancellationToken.None).AsTask();
        using (var probe = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            // The second writer must still be waiting; were it let in, this completes at once.
            var finished = await Task.WhenAny(waiting, Task.Delay(Timeout.Infinite, probe.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            finished.Should().NotBeSameAs(waiting);
        }

        await held.DisposeAsync();
        var next = await waiting.WaitAsync(Bound);
        await next.DisposeAsync();
    }

    [Fact]
    public async Task Names_that_differ_only_in_case_are_one_resource()
    {
        var (first, second) = await CreatePairAsync();
        var name = "contract/Case-" + Guid.NewGuid().ToString("N");
        await using (await first.AcquireAsync(name.ToUpperInvariant(), CancellationToken.None))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var act = async () => await second.AcquireAsync(name.ToLowerInvariant(), cancel.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
        }
    }

    [Fact]
    public async Task One_writer_may_hold_two_resources_at_once()
    {
        var (first, second) = await CreatePairAsync();
        var prefix = "contract/" + Guid.NewGuid().ToString("N");

        // Many pairs, so that a lock sharing slots between names would meet itself on one of them.
        for (var i = 0; i < 300; i++)
        {
            await using var a = await first.AcquireAsync($"{prefix}/a{i}", CancellationToken.None).AsTask().WaitAsync(Bound);
            await using var b = await second.AcquireAsync($"{prefix}/b{i}", CancellationToken.None).AsTask().WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_hold_the_lock()
    {
        var (first, second) = await CreatePairAsync();
        var resource = "contract/" + Guid.NewGuid().ToString("N");
        var held = await first.AcquireAsync(resource, CancellationToken.None);
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            var act = async () => await second.AcquireAsync(resource, cancel.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
        }

        await held.DisposeAsync();
        var again = await second.AcquireAsync(resource, CancellationToken.None).AsTask().WaitAsync(Bound);
        await again.DisposeAsync();
    }

    [Fact]
    public async Task Releasing_twice_does_not_let_a_third_writer_in_beside_the_second()
    {
        var (first, second) = await CreatePairAsync();
        var resource = "contract/" + Guid.NewGuid().ToString("N");
        var held = await first.AcquireAsync(resource, CancellationToken.None);
        await held.DisposeAsync();
        var secondHeld = await second.AcquireAsync(resource, CancellationToken.None).AsTask().WaitAsync(Bound);
        await held.DisposeAsync();

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            var act = async () => await first.AcquireAsync(resource, cancel.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
        }

        await secondHeld.DisposeAsync();
    }

    [Fact]
    public async Task Many_writers_on_one_resource_never_overlap()
    {
        var (first, second) = await CreatePairAsync();
        var resource = "contract/" + Guid.NewGuid().ToString("N");
        var inside = 0;
        var overlaps = 0;
        var writers = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                await using var held = await (i % 2 == 0 ? first : second).AcquireAsync(resource, CancellationToken.None);
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        }));
        await Task.WhenAll(writers).WaitAsync(Bound * 4);
        overlaps.Should().Be(0);
    }
}
