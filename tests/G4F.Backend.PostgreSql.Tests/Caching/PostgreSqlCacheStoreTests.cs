using G4F.Backend.Caching;
using G4F.Backend.PostgreSql.Caching;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.PostgreSql.Tests.Caching;

/// <summary>The PostgreSQL cache store runs the store contract.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCacheStoreTests(PostgreSqlCluster cluster) : CacheStoreContract
{
    protected override async ValueTask<ICacheStore> CreateStoreAsync(TimeProvider clock) =>
        new PostgreSqlCacheStore((await cluster.DatabaseForAsync(GetType())).Instance, clock);

    [Fact]
    public async Task A_value_set_by_one_instance_is_read_by_another_and_a_removal_is_seen_by_both()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (first, second) = (new PostgreSqlCacheStore(database.Instance, Clock), new PostgreSqlCacheStore(database.NewInstance(), Clock));
        var key = NewKey();

        await first.SetAsync(Cache, key, "v"u8.ToArray(), Clock.GetUtcNow().AddHours(1));
        (await second.GetAsync(Cache, key)).Should().Equal("v"u8.ToArray());

        (await second.RemoveAsync(Cache, key)).Should().BeTrue();
        (await first.GetAsync(Cache, key)).Should().BeNull();
    }
}
