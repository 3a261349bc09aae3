using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.PostgreSql.Tests.Memory;

/// <summary>The PostgreSQL memory store runs the store contract, and keeps the embedded store's word and query rules.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMemoryStoreTests(PostgreSqlCluster cluster) : MemoryStoreContract
{
    protected override ValueTask<IMemoryStore> CreateStoreAsync(TimeProvider clock) => CreateStoreAsync(clock, PostgreSqlMemoryReads.Budget);

    protected override async ValueTask<IMemoryStore> CreateStoreAsync(TimeProvider clock, long readBudget) =>
        new PostgreSqlMemoryStore((await cluster.DatabaseForAsync(GetType())).Instance, clock) { ReadBudget = readBudget };

    private static string NewUser() => "pg-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Words_match_without_case_or_diacritics_prefixes_and_phrases_work_and_query_syntax_is_never_passed_through()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", [new("user", "Le Café: crème brûlée"), new("assistant", "brûlée sugar, then café"), new("user", "nul\0inside")]);

        async Task<string[]> Find(string query) => [.. (await store.SearchAsync(user, query, null, 10).ReadAllAsync()).Select(r => r.Item.Content).Order(StringComparer.Ordinal)];

        (await Find("CAFE")).Should().HaveCount(2);
        (await Find("cre*")).Should().Equal("Le Café: crème brûlée");
        (await Find("\"creme brulee\"")).Should().Equal("Le Café: crème brûlée");
        (await Find("\"brulee creme\"")).Should().BeEmpty("a phrase keeps its order");
        (await Find("c*")).Should().BeEmpty("a one-character prefix is a word");
        (await Find("sugar & !' \\ <-> :*")).Should().Equal("brûlée sugar, then café");
        (await Find("inside")).Should().Equal("nul\0inside");
        (await Find("cre\u0301me")).Should().ContainSingle().Which.Should().Be("Le Café: crème brûlée", "a combining mark typed apart is part of its letter");
    }

    [Fact]
    public async Task An_item_written_by_one_instance_is_found_and_deleted_by_another()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (first, second) = (new PostgreSqlMemoryStore(database.Instance, Clock), new PostgreSqlMemoryStore(database.NewInstance(), Clock));
        var user = NewUser();

        await first.AddConversationAsync(user, "c1", [new("user", "remember the blue door")]);
        var found = await second.SearchAsync(user, "door", null, 10).ReadAllAsync();

        found.Should().ContainSingle().Which.Item.Content.Should().Be("remember the blue door");
        (await second.DeleteAsync(user, found[0].Item.Id)).Should().BeTrue();
        (await first.ListAsync(user, null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(0);
    }
}
