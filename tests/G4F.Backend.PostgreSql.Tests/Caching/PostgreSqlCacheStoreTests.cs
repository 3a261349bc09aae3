using G4F.Backend.Caching;
using G4F.Backend.PostgreSql.Caching;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Caching;

/// <summary>The PostgreSQL cache store runs the store contract.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCacheStoreTests(PostgreSqlCluster cluster) : CacheStoreContract
{
    protected override async ValueTask<ICacheStore> CreateStoreAsync(TimeProvider clock, IReadOnlyList<CacheLimit> limits) =>
        new PostgreSqlCacheStore((await cluster.DatabaseForAsync(GetType())).Instance, clock, limits);

    [Fact]
    public async Task A_value_set_by_one_instance_is_read_by_another_and_a_removal_is_seen_by_both()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (first, second) = (new PostgreSqlCacheStore(database.Instance, Clock, []), new PostgreSqlCacheStore(database.NewInstance(), Clock, []));
        var key = NewKey();

        await first.SetAsync(Cache, key, "v"u8.ToArray(), Clock.GetUtcNow().AddHours(1));
        (await second.GetAsync(Cache, key)).Should().Equal("v"u8.ToArray());

        (await second.RemoveAsync(Cache, key)).Should().BeTrue();
        (await first.GetAsync(Cache, key)).Should().BeNull();
    }

    [Fact]
    public async Task Two_instances_storing_at_once_keep_the_cap_without_errors()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var cache = "cap-" + Guid.NewGuid().ToString("N")[..8];
        const int Limit = 20;
        var stores = new[] { database.Instance, database.NewInstance() }.Select(d => new PostgreSqlCacheStore(d, Clock, [new CacheLimit(cache, Limit)])).ToList();
        var expiry = Clock.GetUtcNow().AddDays(7);

        // 400 distinct keys from 16 writers over both instances; every store succeeds (no deadlock between sweeps).
        await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                (await stores[w % 2].SetAsync(cache, NewKey(), "v"u8.ToArray(), expiry.AddMilliseconds((w * 25) + i))).Should().BeTrue();
            }
        })));
        var afterBurst = await CountAsync(database, cache);

        // The next due sweep brings the cache to its limit exactly. A burst store may have just swept and left its next
        // store not due (one in a tenth of the limit's stores is), so the sweep comes from an instance's first store, which
        // always is.
        var next = new PostgreSqlCacheStore(database.Instance, Clock, [new CacheLimit(cache, Limit)]);
        await next.SetAsync(cache, NewKey(), "v"u8.ToArray(), expiry.AddDays(1));

        afterBurst.Should().BeLessThanOrEqualTo(Limit + 32, "between sweeps a cache holds little beyond its limit");
        (await CountAsync(database, cache)).Should().Be(Limit);
    }

    private static async Task<long> CountAsync(TestDatabase database, string cache)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM g4f_cache_entries WHERE cache = $1", connection) { Parameters = { new() { Value = cache } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
