using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Storage;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.PostgreSql.Tests.Storage;

/// <summary>
/// The PostgreSQL lock runs the store contract with its two holders on two data sources over one database, as two
/// instances of the backend hold it: every guarantee must hold across processes, not only within one.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStorageLockTests(PostgreSqlCluster cluster) : StorageLockContract
{
    protected override async ValueTask<(IStorageLock First, IStorageLock Second)> CreatePairAsync()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        return (new PostgreSqlStorageLock(database.Instance), new PostgreSqlStorageLock(database.NewInstance()));
    }

    [Fact]
    public async Task A_lock_held_by_one_instance_is_released_when_its_holder_is_disposed_after_the_wait_was_cancelled_on_the_other()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (first, second) = (new PostgreSqlStorageLock(database.Instance), new PostgreSqlStorageLock(database.NewInstance()));
        var resource = "bucket/" + Guid.NewGuid().ToString("N");
        var held = await first.AcquireAsync(resource, CancellationToken.None);

        // Many cancelled waits: none may leave its connection holding or queueing for the lock in the pool.
        for (var i = 0; i < 5; i++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await FluentActions.Awaiting(async () => await second.AcquireAsync(resource, cancel.Token)).Should().ThrowAsync<OperationCanceledException>();
        }

        await held.DisposeAsync();
        await using var next = await second.AcquireAsync(resource, CancellationToken.None).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public async Task Waiters_that_fill_the_lock_pool_never_starve_the_holders_work()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var instance = database.NewInstance();
        var storageLock = new PostgreSqlStorageLock(instance);
        var resource = "bucket/" + Guid.NewGuid().ToString("N");
        // Held by another instance, so this one's first waiter waits in the server (the others queue behind it in the process).
        var held = await new PostgreSqlStorageLock(database.NewInstance()).AcquireAsync(resource, CancellationToken.None);
        using var stop = new CancellationTokenSource();

        // Many waiters: with one pool for both, or a waiter's connection each, the holder's work below could find none.
        var waiters = Enumerable.Range(0, 60).Select(_ => Task.Run(async () =>
        {
            try
            {
                await using var next = await storageLock.AcquireAsync(resource, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or Npgsql.NpgsqlException)
            {
                // Cancelled at the end, or no lock connection left: either way not the holder's business.
            }
        })).ToList();
        // The waiters queue in the process behind one of them, which waits in the server.
        await WaitForAdvisoryWaitersAsync(database, 1);

        await using (var work = await instance.OpenAsync(CancellationToken.None).AsTask().WaitAsync(Bound))
        {
            await using var command = new Npgsql.NpgsqlCommand("SELECT 1", work);
            (await command.ExecuteScalarAsync()).Should().Be(1);
        }

        await stop.CancelAsync();
        await held.DisposeAsync();
        await Task.WhenAll(waiters).WaitAsync(Bound);
    }

    [Fact]
    public async Task A_wait_cancelled_just_after_the_server_granted_the_lock_leaves_no_pooled_session_holding_it()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        // The seam's statement takes the lock and then goes on running, so the cancellation below always arrives after
        // the grant: what happens by chance when a waiter's token fires just as the holder releases.
        var storageLock = new PostgreSqlStorageLock(database.NewInstance(), "SELECT pg_advisory_lock($1), pg_sleep(60)");
        var resource = "bucket/" + Guid.NewGuid().ToString("N");
        await using var probe = new Npgsql.NpgsqlConnection(database.ConnectionString + ";Pooling=false");
        await probe.OpenAsync();
        using var cancel = new CancellationTokenSource();
        var waiter = storageLock.AcquireAsync(resource, cancel.Token).AsTask();
        var deadline = DateTime.UtcNow + Bound;
        while (await GrantedAsync(probe, resource) == 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the server should grant the free lock");
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => waiter.WaitAsync(Bound)).Should().ThrowAsync<OperationCanceledException>();

        // The wait was given up, so nobody may hold the lock: not an idle session in the lock pool, which would keep it
        // until that connection is next used while every instance waits for it.
        (await GrantedAsync(probe, resource)).Should().Be(0);
        await using var next = await new PostgreSqlStorageLock(database.NewInstance()).AcquireAsync(resource, CancellationToken.None).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public async Task A_wait_outlasts_the_command_timeout_of_the_connection_string()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        // Command Timeout=1 stands for the default 30 s, so the test runs in seconds.
        var options = Options.Create(new PostgreSqlOptions { ConnectionString = database.ConnectionString + ";Command Timeout=1" });
        await using var holderInstance = new PostgreSqlDatabase(options, NullLogger<PostgreSqlDatabase>.Instance);
        await using var waiterInstance = new PostgreSqlDatabase(options, NullLogger<PostgreSqlDatabase>.Instance);
        var resource = "bucket/" + Guid.NewGuid().ToString("N");
        var held = await new PostgreSqlStorageLock(holderInstance).AcquireAsync(resource, CancellationToken.None);
        var waiter = new PostgreSqlStorageLock(waiterInstance).AcquireAsync(resource, CancellationToken.None).AsTask();

        // The holder works until the other instance has waited in the server for twice the Command Timeout (by the
        // server's clock), or its wait ended early; IStorageLock promises it waits until it holds the lock.
        await using var probe = new Npgsql.NpgsqlConnection(database.ConnectionString + ";Pooling=false");
        await probe.OpenAsync();
        await using var waited = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start)), 0)::float8 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'", probe);
        var deadline = DateTime.UtcNow + Bound;
        while (!waiter.IsCompleted && (double)(await waited.ExecuteScalarAsync())! < 2)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the other instance should wait for the lock in the server");
            await Task.Delay(50);
        }

        await held.DisposeAsync();
        await using var got = await waiter.WaitAsync(Bound);
    }

    private static async Task<long> GrantedAsync(Npgsql.NpgsqlConnection probe, string resource)
    {
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1", probe)
        { Parameters = { new() { Value = ResourceKey.Of(resource) } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAdvisoryWaitersAsync(TestDatabase database, int count)
    {
        // A connection outside the backend's pools, so the probe itself never competes with the waiters.
        await using var probe = new Npgsql.NpgsqlConnection(database.ConnectionString + ";Pooling=false");
        await probe.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'", probe);
        var deadline = DateTime.UtcNow + Bound;
        while ((long)(await command.ExecuteScalarAsync())! < count)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{count} waiters should queue on the lock");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Writers_of_few_resources_all_succeed_within_a_lock_pool_of_two()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var instance = database.NewInstance(maxLockConnections: 2);
        var storageLock = new PostgreSqlStorageLock(instance);
        var resources = Enumerable.Range(0, 3).Select(_ => "bucket/" + Guid.NewGuid().ToString("N")).ToList();
        var samples = 0L;
        var most = 0L;
        using var done = new CancellationTokenSource();

        // Sessions of this database holding or waiting for a one-key advisory lock (the storage locks' kind).
        await using var probe = new Npgsql.NpgsqlConnection(database.ConnectionString + ";Pooling=false");
        await probe.OpenAsync();
        var sampler = Task.Run(async () =>
        {
            await using var command = new Npgsql.NpgsqlCommand(
                """
                SELECT count(DISTINCT pid) FROM pg_locks
                WHERE locktype = 'advisory' AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = ANY($1)
                """, probe)
            { Parameters = { new() { Value = resources.Select(ResourceKey.Of).ToArray() } } };
            while (!done.IsCancellationRequested)
            {
                most = Math.Max(most, (long)(await command.ExecuteScalarAsync())!);
                Interlocked.Increment(ref samples);
            }
        });

        // Six writers a resource; each holds its lock until the sampler has looked once more, so waiters are counted.
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, 18).Select(i => Task.Run(async () =>
        {
            await using (await storageLock.AcquireAsync(resources[i % 3], CancellationToken.None).AsTask().WaitAsync(Bound))
            {
                var seen = Interlocked.Read(ref samples);
                var deadline = DateTime.UtcNow + Bound;
                while (Interlocked.Read(ref samples) < seen + 2)
                {
                    DateTime.UtcNow.Should().BeBefore(deadline);
                    await Task.Yield();
                }

                Interlocked.Increment(ref counter);
            }
        }))).WaitAsync(Bound);
        await done.CancelAsync();
        await sampler.WaitAsync(Bound);

        counter.Should().Be(18);
        most.Should().BeInRange(1, 2, "the instance's lock pool is 2 connections, and writers of one resource share one");
    }

    [Fact]
    public void Keys_are_stable_and_ignore_case()
    {
        // Fixed values: another process (another release) must compute the same key for the same name.
        ResourceKey.Of("bucket/abc").Should().Be(ResourceKey.Of("BUCKET/ABC"));
        ResourceKey.Of("bucket/abc").Should().Be(584_014_740_159_336_053);
        ResourceKey.Of("bucket/abd").Should().NotBe(ResourceKey.Of("bucket/abc"));
    }
}
