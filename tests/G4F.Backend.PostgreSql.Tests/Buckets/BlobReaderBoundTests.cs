using System.Text;
using G4F.Backend.Buckets;
using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Blobs;
using G4F.Backend.PostgreSql.Buckets;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Usage;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using G4F.Backend.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Buckets;

/// <summary>
/// Open blob readers hold a pooled connection each until they are disposed: they are bounded
/// (<see cref="PostgreSqlOptions.MaxOpenReaders"/>) below the pool, so however many are held the other stores get connections.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class BlobReaderBoundTests(PostgreSqlCluster cluster)
{
    private const int Pool = 8;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Readers_held_open_beyond_the_pool_size_leave_connections_for_memory_blob_writes_and_listings()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        // Timeout=0: nobody gives up waiting on their own, so only a starved pool could keep the other stores waiting.
        await using var instance = Instance(database, readers: 4, timeoutSeconds: 0);
        var store = new PostgreSqlBucketStore(instance);
        var key = await StoreBlobAsync(store, length: (2 * PostgreSqlBlobs.ChunkSize) + 3);

        var held = new List<StoredBlob>();
        using var cancel = new CancellationTokenSource();
        var beyond = new List<Task<StoredBlob?>>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
                await blob.Content.ReadExactlyAsync(new byte[10]);
                held.Add(blob);
            }

            // Readers beyond the pool size: without the bound the first of them take the rest of the pool.
            beyond.AddRange(Enumerable.Range(0, Pool - 3).Select(_ => store.OpenReadAsync(key, cancel.Token)));
            await WaitForAsync(() => instance.Readers.Waiting == beyond.Count || beyond.Count(t => t.IsCompleted) == Pool - 4);

            using var prompt = new CancellationTokenSource(Generous);
            var memory = new PostgreSqlMemoryStore(instance, TimeProvider.System);
            var user = "bound-" + Guid.NewGuid().ToString("N");
            await memory.AddConversationAsync(user, "c1", [new MemoryMessage("user", "the lantern flickers")], prompt.Token);
            (await (await memory.SearchAsync(user, "lantern", null, 5, prompt.Token)).ToListAsync(prompt.Token)).Should().ContainSingle();
            var other = key with { Name = "other.png" };
            await store.WriteAsync(other, new MemoryStream(BlobStreams.Bytes(100, seed: 41)), prompt.Token);
            (await store.GetInfoAsync(other, prompt.Token))!.Length.Should().Be(100);
            beyond.Should().NotContain(t => t.IsCompleted, "readers beyond the bound wait for a slot");
        }
        finally
        {
            // Here only cleanup: a failure above stays the one reported.
            await cancel.CancelAsync();
            await Task.WhenAll(beyond).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var blob in held.Concat(beyond.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result!)))
            {
                await blob.DisposeAsync();
            }
        }

        beyond.Should().AllSatisfy(t => t.IsCanceled.Should().BeTrue("a cancelled wait ends in OperationCanceledException"));
        instance.Readers.Free.Should().Be(4, "every slot came back: the held readers' and the cancelled waiters'");
    }

    [Fact]
    public async Task Usage_days_held_open_beyond_the_pool_size_share_the_bound_and_leave_connections_for_the_other_stores()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var instance = Instance(database, readers: 4, timeoutSeconds: 0);
        var log = new PostgreSqlUsageLog(instance, TimeProvider.System);
        await log.AppendUsageAsync(new UsageLine(Encoding.UTF8.GetBytes("""{"user":"held","model":"m","total_tokens":2}""")));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var held = new List<Stream>();
        using var cancel = new CancellationTokenSource();
        var beyond = new List<Task<Stream?>>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var day = (await log.OpenUsageDayAsync(today, cancellationToken: CancellationToken.None))!;
                await day.ReadExactlyAsync(new byte[5]);
                held.Add(day);
            }

            // Days (and client-log days) beyond the pool size: without the bound the first of them take the rest of the pool.
            beyond.AddRange(Enumerable.Range(0, Pool - 3).Select(i => i % 2 == 0 ? log.OpenUsageDayAsync(today, cancellationToken: cancel.Token) : log.OpenClientLogDayAsync(today, cancel.Token)));
            await WaitForAsync(() => instance.Readers.Waiting == beyond.Count || beyond.Count(t => t.IsCompleted) == Pool - 4);

            using var prompt = new CancellationTokenSource(Generous);
            var memory = new PostgreSqlMemoryStore(instance, TimeProvider.System);
            var user = "days-" + Guid.NewGuid().ToString("N");
            await memory.AddConversationAsync(user, "c1", [new MemoryMessage("user", "the kettle sings")], prompt.Token);
            (await (await memory.SearchAsync(user, "kettle", null, 5, prompt.Token)).ToListAsync(prompt.Token)).Should().ContainSingle();
            await log.AppendUsageAsync(new UsageLine(Encoding.UTF8.GetBytes("""{"user":"other","model":"m","total_tokens":3}""")), prompt.Token);
            beyond.Should().NotContain(t => t.IsCompleted, "days beyond the bound wait for a slot");
        }
        finally
        {
            await cancel.CancelAsync();
            await Task.WhenAll(beyond).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var day in held.Concat(beyond.Where(t => t.IsCompletedSuccessfully && t.Result is not null).Select(t => t.Result!)))
            {
                await day.DisposeAsync();
            }
        }

        beyond.Should().AllSatisfy(t => t.IsCanceled.Should().BeTrue("a cancelled wait ends in OperationCanceledException"));
        instance.Readers.Free.Should().Be(4, "every slot came back, a day without lines' included");
        (await log.OpenClientLogDayAsync(today)).Should().BeNull("a day without lines is null and gives its slot back");
        instance.Readers.Free.Should().Be(4);
    }

    [Fact]
    public async Task A_reader_beyond_the_bound_waits_for_a_slot_proceeds_when_one_is_freed_and_a_cancelled_wait_leaks_none()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var instance = Instance(database, readers: 2, timeoutSeconds: 0);
        var store = new PostgreSqlBucketStore(instance);
        var bytes = BlobStreams.Bytes(PostgreSqlBlobs.ChunkSize + 9, seed: 42);
        var key = new BucketFileKey(Guid.NewGuid().ToString(), BucketArea.Media, "wait.png");
        await store.WriteAsync(key, new MemoryStream(bytes), CancellationToken.None);

        var first = (await store.OpenReadAsync(key, CancellationToken.None))!;
        var second = (await store.OpenReadAsync(key, CancellationToken.None))!;
        var third = store.OpenReadAsync(key, CancellationToken.None);
        await WaitForAsync(() => instance.Readers.Waiting == 1 || third.IsCompleted);
        third.IsCompleted.Should().BeFalse("both slots are taken");

        await first.DisposeAsync();
        var proceeded = (await third.WaitAsync(Generous))!;
        (await BlobStreams.HashAsync(proceeded.Content)).Should().Equal(await BlobStreams.HashAsync(new MemoryStream(bytes)));

        using (var cancel = new CancellationTokenSource())
        {
            var abandoned = store.OpenReadAsync(key, cancel.Token);
            await WaitForAsync(() => instance.Readers.Waiting == 1 || abandoned.IsCompleted);
            await cancel.CancelAsync();
            await FluentActions.Awaiting(() => abandoned.WaitAsync(Generous)).Should().ThrowAsync<OperationCanceledException>();
        }

        await second.DisposeAsync();
        await proceeded.DisposeAsync();
        instance.Readers.Free.Should().Be(2, "the cancelled wait took no slot");
        var again = await Task.WhenAll(store.OpenReadAsync(key, CancellationToken.None), store.OpenReadAsync(key, CancellationToken.None)).WaitAsync(Generous);
        foreach (var blob in again)
        {
            await blob!.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_reader_that_finds_no_slot_within_the_pool_timeout_fails_as_an_unavailable_database_naming_the_setting()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var instance = Instance(database, readers: 1, timeoutSeconds: 1);
        var store = new PostgreSqlBucketStore(instance);
        var key = await StoreBlobAsync(store, length: 10);

        var held = (await store.OpenReadAsync(key, CancellationToken.None))!;
        await using (held)
        {
            var busy = await FluentActions.Awaiting(() => store.OpenReadAsync(key, CancellationToken.None)).Should().ThrowAsync<PostgreSqlUnavailableException>();
            busy.Which.Message.Should().Contain(PostgreSqlOptions.MaxOpenReadersKey).And.NotContain("Password");
            busy.Which.IsTransient.Should().BeTrue("the routes answer it with a 503");
        }

        instance.Readers.Free.Should().Be(1);
        (await store.OpenReadAsync(key, CancellationToken.None))!.Should().NotBeNull();
    }

    [Fact]
    public async Task A_missing_blob_and_a_stream_disposed_after_its_connection_broke_mid_read_give_their_slots_back()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var instance = Instance(database, readers: 2, timeoutSeconds: 0);
        var store = new PostgreSqlBucketStore(instance);
        var key = await StoreBlobAsync(store, length: (3 * PostgreSqlBlobs.ChunkSize) + 1);

        (await store.OpenReadAsync(key with { Name = "missing.png" }, CancellationToken.None)).Should().BeNull();
        instance.Readers.Free.Should().Be(2, "a blob not found holds no slot");

        foreach (var synchronous in new[] { false, true })
        {
            var blob = (await store.OpenReadAsync(key, CancellationToken.None))!;
            await blob.Content.ReadExactlyAsync(new byte[100]);
            await TerminateReadersAsync(database.Name);

            var rest = () => blob.Content.CopyToAsync(Stream.Null);
            await rest.Should().ThrowAsync<Exception>("the reader's session was ended under it");
            if (synchronous)
            {
                blob.Content.Dispose();
            }
            else
            {
                await blob.DisposeAsync();
            }

            instance.Readers.Free.Should().Be(2, synchronous ? "Dispose gave the slot back" : "DisposeAsync gave the slot back");
        }

        await using var after = (await store.OpenReadAsync(key, CancellationToken.None))!;
        (await BlobStreams.HashAsync(after.Content)).Should().HaveCount(32, "a new reader reads on a healthy connection");
    }

    [Fact]
    public void A_bound_not_below_the_pool_size_or_below_one_is_refused_naming_the_key_and_unset_it_is_half_the_pool()
    {
        var validator = new PostgreSqlOptionsValidator();
        PostgreSqlOptions Options(int? readers) => new() { ConnectionString = "Host=db;Maximum Pool Size=8", MaxOpenReaders = readers };

        validator.Validate(null, Options(8)).FailureMessage.Should().Contain(PostgreSqlOptions.MaxOpenReadersKey).And.Contain("Maximum Pool Size (8)");
        validator.Validate(null, Options(0)).FailureMessage.Should().Contain(PostgreSqlOptions.MaxOpenReadersKey);
        validator.Validate(null, Options(7)).Succeeded.Should().BeTrue();
        validator.Validate(null, Options(null)).Succeeded.Should().BeTrue();
        Options(null).ReaderLimit().Should().Be(4);
        new PostgreSqlOptions { ConnectionString = "Host=db" }.ReaderLimit().Should().Be(50, "half of Npgsql's default pool of 100");
    }

    private static PostgreSqlDatabase Instance(TestDatabase database, int readers, int timeoutSeconds)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = Pool, Timeout = timeoutSeconds }.ConnectionString;
        return new PostgreSqlDatabase(Microsoft.Extensions.Options.Options.Create(new PostgreSqlOptions { ConnectionString = connectionString, MaxOpenReaders = readers }), NullLogger<PostgreSqlDatabase>.Instance);
    }

    private static async Task<BucketFileKey> StoreBlobAsync(PostgreSqlBucketStore store, int length)
    {
        var key = new BucketFileKey(Guid.NewGuid().ToString(), BucketArea.Media, "held.png");
        await store.WriteAsync(key, new MemoryStream(BlobStreams.Bytes(length, seed: 40)), CancellationToken.None);
        return key;
    }

    // The readers are the sessions idle in their read-only transaction; ending one waits until it is gone.
    private async Task TerminateReadersAsync(string databaseName)
    {
        await using var admin = new NpgsqlConnection(cluster.AdminConnectionString);
        await admin.OpenAsync();
        await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND state = 'idle in transaction'", admin)
        {
            Parameters = { new() { Value = databaseName } },
        };
        await end.ExecuteNonQueryAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
