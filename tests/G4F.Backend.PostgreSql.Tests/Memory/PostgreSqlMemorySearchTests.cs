using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.PostgreSql.Tests.Memory;

/// <summary>The PostgreSQL search's own shape: words keyed by user (isolation kept when keys collide) and a bounded candidate set.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMemorySearchTests(PostgreSqlCluster cluster)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    private async Task<PostgreSqlMemoryStore> StoreAsync(int candidates = PostgreSqlMemoryStore.MaxCandidates) =>
        new((await cluster.DatabaseForAsync(GetType())).Instance, _clock) { Candidates = candidates };

    private static string NewUser() => "pg-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Users_whose_keys_collide_still_find_only_their_own_items()
    {
        var (first, second) = CollidingUsers();
        var store = await StoreAsync();
        await store.AddConversationAsync(first, "c1", [new("user", "the shared harbour word")]);
        await store.AddConversationAsync(second, "c1", [new("user", "harbour lights of the other user"), new("user", "harbour again")]);

        var found = await store.SearchAsync(first, "harbour har* \"shared harbour\"", null, 10);

        found.Should().ContainSingle().Which.Item.Content.Should().Be("the shared harbour word");
        (await store.SearchAsync(second, "harbour", null, 10)).Should().HaveCount(2).And.OnlyContain(r => r.Item.UserId == second);
    }

    [Fact]
    public async Task A_word_in_more_items_than_the_cap_is_ranked_among_the_newest_matches_only()
    {
        var store = await StoreAsync(candidates: 5);
        var user = NewUser();
        await store.AddConversationAsync(user, "old", [new("user", "apple apple apple")]);
        _clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 6; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await store.AddConversationAsync(user, $"new-{i}", [new("user", $"apple and {i} other words here")]);
        }

        var found = await store.SearchAsync(user, "apple", null, 10);

        found.Should().HaveCount(5, "the candidates are capped");
        found.Select(r => r.Item.ConversationId).Should().BeEquivalentTo(["new-1", "new-2", "new-3", "new-4", "new-5"], "the newest matches are the candidates, even when an older one ranks higher");
    }

    [Fact]
    public async Task A_word_in_no_more_items_than_the_cap_is_ranked_over_all_its_matches()
    {
        var store = await StoreAsync(candidates: 5);
        var user = NewUser();
        await store.AddConversationAsync(user, "old", [new("user", "apple apple apple")]);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.AddConversationAsync(user, "new", [.. Enumerable.Range(0, 4).Select(i => new MemoryMessage("user", $"apple and {i} other words here"))]);

        var found = await store.SearchAsync(user, "apple", null, 10);

        found.Should().HaveCount(5);
        found[0].Item.ConversationId.Should().Be("old", "the oldest item ranks first when every match is a candidate");
        found.Select(r => r.Score).Should().BeInDescendingOrder();
    }

    /// <summary>Two user ids with the same 24-bit key (found by counting; about 5,000 hashes).</summary>
    private static (string First, string Second) CollidingUsers()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; ; i++)
        {
            var user = $"collide-{i}";
            if (seen.TryGetValue(MemoryUser.Of(user).Key, out var other))
            {
                return (other, user);
            }

            seen.Add(MemoryUser.Of(user).Key, user);
        }
    }
}
