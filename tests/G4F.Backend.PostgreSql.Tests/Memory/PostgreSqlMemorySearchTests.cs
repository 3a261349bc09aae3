using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

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

        var found = await store.SearchAsync(first, "harbour har* \"shared harbour\"", null, 10).ReadAllAsync();

        found.Should().ContainSingle().Which.Item.Content.Should().Be("the shared harbour word");
        (await store.SearchAsync(second, "harbour", null, 10).ReadAllAsync()).Should().HaveCount(2).And.OnlyContain(r => r.Item.UserId == second);
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

        var found = await store.SearchAsync(user, "apple", null, 10).ReadAllAsync();

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

        var found = await store.SearchAsync(user, "apple", null, 10).ReadAllAsync();

        found.Should().HaveCount(5);
        found[0].Item.ConversationId.Should().Be("old", "the oldest item ranks first when every match is a candidate");
        found.Select(r => r.Score).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task The_walk_over_the_newest_items_and_the_gin_look_up_find_the_same_candidates()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var walk = new PostgreSqlMemoryStore(database.Instance, _clock) { Candidates = 4, Walk = true };
        var lookUp = new PostgreSqlMemoryStore(database.Instance, _clock) { Candidates = 4, Walk = false };
        var user = NewUser();
        for (var i = 0; i < 12; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await walk.AddConversationAsync(user, $"c{i}", [new("user", $"pear {string.Join(' ', Enumerable.Repeat("apple", 1 + (i % 4)))} item{i}"), new("assistant", $"plum {i}")]);
        }

        await walk.AddConversationAsync(NewUser(), "c0", [new("user", "apple pear plum")]);
        var filter = new MemoryFilter { ConversationIds = ["c1", "c2", "c5", "c7", "c9", "c11"] };
        foreach (var (query, only) in new[] { ("apple", (MemoryFilter?)null), ("pear plum", null), ("app*", null), ("\"pear apple\"", null), ("apple", filter), ("item1*", filter) })
        {
            var expected = await lookUp.SearchAsync(user, query, only, 5).ReadAllAsync();
            var found = await walk.SearchAsync(user, query, only, 5).ReadAllAsync();

            found.Select(r => (r.Item.Id, r.Score)).Should().Equal(expected.Select(r => (r.Item.Id, r.Score)), query);
            found.Should().NotBeEmpty(query);
        }
    }

    [Fact]
    public async Task Results_are_read_as_the_row_versions_that_were_ranked_after_re_posts_left_old_versions_behind_either_way()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var user = NewUser();
        foreach (var walk in new[] { false, true })
        {
            var store = new PostgreSqlMemoryStore(database.Instance, _clock) { Walk = walk };
            // Each re-post rewrites the changed rows: their old versions stay in the table until vacuumed, at other addresses.
            for (var round = 0; round < 3; round++)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                await store.AddConversationAsync(user, "c", [new("user", $"lantern round {round} walk {walk}"), new("assistant", "lantern unchanged"), new("user", $"other {round}")]);
            }

            var found = await store.SearchAsync(user, "lantern round", null, 10).ReadAllAsync();

            found.Select(r => r.Item.Content).Should().BeEquivalentTo([$"lantern round 2 walk {walk}", "lantern unchanged"], $"walk {walk}");
            found.Should().OnlyContain(r => r.Item.UserId == user && r.Item.ConversationId == "c");
            found[0].Item.Content.Should().Be($"lantern round 2 walk {walk}", "it matches two of the words");
        }
    }

    [Fact]
    public async Task Search_results_and_list_pages_read_their_rows_without_a_primary_key_look_up_per_row()
    {
        var database = await cluster.NewDatabaseAsync();
        // One connection, so every statement of the store runs in the backend whose index statistics are flushed below.
        var options = new PostgreSqlOptions { ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString };
        await using var single = new PostgreSqlDatabase(Options.Create(options), NullLogger<PostgreSqlDatabase>.Instance);
        var store = new PostgreSqlMemoryStore(single, _clock);
        var user = NewUser();
        for (var post = 0; post < 4; post++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await store.AddConversationAsync(user, $"c{post}", [.. Enumerable.Range(0, 5_000).Select(i => new MemoryMessage("user", $"lamp {post} {i} of many"))]);
        }

        await ScalarAsync(single, "ANALYZE g4f_memories");
        var before = await PrimaryKeyScansAsync(single);

        (await store.SearchAsync(user, "lamp", null, 10).ReadAllAsync()).Should().HaveCount(10);
        (await store.ListAsync(user, null, 3, 10).ReadAllAsync()).Items.Should().HaveCount(10);
        (await store.ListAsync(user, null, 1_900, 10).ReadAllAsync()).Items.Should().HaveCount(10);

        (await PrimaryKeyScansAsync(single)).Should().Be(before, "results are read by the address the scan saw and pages as an index range, not by seq one row at a time");
    }

    private static async Task<long> PrimaryKeyScansAsync(PostgreSqlDatabase database)
    {
        // The backend flushes its pending statistics before it reports itself idle after this statement; the next
        // statement's transaction then reads them fresh.
        await ScalarAsync(database, "SELECT pg_stat_force_next_flush()");
        return (long)(await ScalarAsync(database, "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'g4f_memories_pkey'"))!;
    }

    private static async Task<object?> ScalarAsync(PostgreSqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task The_statistics_estimate_a_users_frequent_word_and_prefix_and_refresh_after_a_while()
    {
        var database = await cluster.NewDatabaseAsync();
        var store = new PostgreSqlMemoryStore(database.Instance, _clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c", [.. Enumerable.Range(0, 400).Select(i => new MemoryMessage("user", $"common words {i} here"))]);
        await store.AddConversationAsync(user, "d", [new("user", "rare")]);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await AnalyzeAsync(connection);
        var statistics = new MemoryTermStatistics(_clock);

        async Task<MemoryEstimate> Estimate(string query) => await statistics.EstimateAsync(connection, MemoryQuery.Build(query, MemoryUser.Of(user).Key)!.Parts, MemoryUser.Of(user).Token, CancellationToken.None);

        (await Estimate("common")).Matches.Should().BeInRange(300, 500);
        (await Estimate("common")).Items.Should().BeInRange(300, 500, "the user's token counts the user's items");
        (await Estimate("comm*")).Matches.Should().BeInRange(300, 500);
        (await Estimate("common here")).Matches.Should().BeInRange(600, 1000, "alternatives add up");
        (await Estimate("\"rare common\"")).Matches.Should().BeLessThan(10, "a phrase is rarer than its rarest word");
        var phrase = await Estimate("\"common here\"");
        phrase.GinRows.Should().BeInRange(300, 500, "the look-up reads every item holding both words");
        phrase.Matches.Should().BeInRange(20, 100, "two words in every item are taken to meet as a phrase in a few of them, not in all");
        (await Estimate("absent")).Matches.Should().Be(0);

        await store.AddConversationAsync(user, "e", [.. Enumerable.Range(0, 400).Select(i => new MemoryMessage("user", $"absent {i}"))]);
        await AnalyzeAsync(connection);
        (await Estimate("absent")).Matches.Should().Be(0, "one reading of the statistics serves for a while");
        _clock.Advance(MemoryTermStatistics.Refresh);
        (await Estimate("absent")).Matches.Should().BeGreaterThan(200);
    }

    private static async Task AnalyzeAsync(NpgsqlConnection connection)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE g4f_memories", connection);
        await analyze.ExecuteNonQueryAsync();
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
