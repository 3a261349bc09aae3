using G4F.Backend.Credentials;
using G4F.Backend.PostgreSql.Credentials;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.PostgreSql.Tests.Credentials;

/// <summary>The PostgreSQL cookie file store runs the store contract, each test on a fresh database (the contract starts from an empty store).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCookieFileStoreTests(PostgreSqlCluster cluster) : CookieFileStoreContract
{
    protected override async ValueTask<ICookieFileStore> CreateStoreAsync() =>
        new PostgreSqlCookieFileStore((await cluster.NewDatabaseAsync()).Instance);

    [Fact]
    public async Task A_file_saved_by_one_instance_is_listed_by_another()
    {
        var database = await cluster.NewDatabaseAsync();
        var (first, second) = (new PostgreSqlCookieFileStore(database.Instance), new PostgreSqlCookieFileStore(database.NewInstance()));

        await first.SaveAsync("a.json", "[1]"u8.ToArray());
        await second.SaveAsync("b.json", "[2]"u8.ToArray());
        await first.SaveAsync("a.json", "[3]"u8.ToArray());

        (await second.ListAsync(1024)).Select(f => f.Name).Should().Equal("b.json", "a.json");
    }
}
