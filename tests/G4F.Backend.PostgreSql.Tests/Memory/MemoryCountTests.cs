using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Memory;

/// <summary>Each user's count of items is kept by the database in the transaction of every write, and an unfiltered list page takes its total from it.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class MemoryCountTests(PostgreSqlCluster cluster)
{
    private static string NewUser() => "count-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_kept_count_follows_adds_re_posts_deletes_and_concurrent_writers_and_goes_at_zero()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var store = new PostgreSqlMemoryStore(database.Instance, new FakeTimeProvider());
        var (user, other) = (NewUser(), NewUser());

        await store.AddConversationAsync(user, "c1", [new("user", "one"), new("assistant", "two"), new("user", "three")]);
        await store.AddConversationAsync(other, "c1", [new("user", "elsewhere")]);
        (await KeptAsync(database, user)).Should().Be(3);

        // A re-post that changes one item, drops one and empties one: an update, a prune of two.
        await store.AddConversationAsync(user, "c1", [new("user", "one, changed"), new("assistant", string.Empty)]);
        (await KeptAsync(database, user)).Should().Be(1);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(c => Task.Run(() =>
            store.AddConversationAsync(user, $"parallel-{c}", [.. Enumerable.Range(0, 25).Select(i => new MemoryMessage("user", $"item {i}"))]))));
        (await KeptAsync(database, user)).Should().Be(201).And.Be(await CountedAsync(database, user));

        var first = (await store.ListAsync(user, null, 1, 1).ReadAllAsync()).Items[0];
        (await store.DeleteAsync(user, first.Id)).Should().BeTrue();
        (await store.DeleteAsync(user, first.Id)).Should().BeFalse();
        (await KeptAsync(database, user)).Should().Be(200);

        (await store.DeleteAllAsync(user)).Should().Be(200);
        (await KeptAsync(database, user)).Should().BeNull("a delete deletes rows: a user without items has no count row");
        (await KeptAsync(database, other)).Should().Be(1);
        (await store.ListAsync(user, null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(0);
    }

    [Fact]
    public async Task An_unfiltered_page_reads_the_kept_count_and_a_filtered_page_counts_its_rows()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var store = new PostgreSqlMemoryStore(database.Instance, new FakeTimeProvider());
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", [new("user", "a"), new("assistant", "b"), new("user", "c")]);

        // Set apart from the rows, so the page's total shows where it came from.
        await ExecuteAsync(database, "UPDATE g4f_memory_counts SET items = 1234 WHERE user_id = $1", user);

        (await store.ListAsync(user, null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(1234);
        (await store.ListAsync(user, new MemoryFilter(), 1, 10).ReadAllAsync()).TotalCount.Should().Be(1234, "a filter without conditions is no filter");
        (await store.ListAsync(user, new MemoryFilter { Roles = ["user"] }, 1, 10).ReadAllAsync()).TotalCount.Should().Be(2);
    }

    [Fact]
    public async Task Pages_skipped_to_from_either_end_cover_every_item_once_newest_first_with_and_without_a_filter()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var clock = new FakeTimeProvider();
        var store = new PostgreSqlMemoryStore(database.Instance, clock);
        var user = NewUser();
        // Items posted together share their time, so the order within a post is the insertion order (seq): both ends must
        // break those ties alike.
        for (var post = 0; post < 4; post++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await store.AddConversationAsync(user, $"c{post}", [.. Enumerable.Range(0, 9).Select(i => new MemoryMessage(i % 3 == 0 ? "assistant" : "user", $"post {post} item {i}"))]);
        }

        foreach (var filter in new MemoryFilter?[] { null, new() { Roles = ["user"] } })
        {
            var all = (await store.ListAsync(user, filter, 1, 1000).ReadAllAsync()).Items.Select(i => i.Id).ToList();
            all.Should().HaveCount(filter is null ? 36 : 24);
            var paged = new List<string>();
            for (var page = 1; page <= 9; page++)
            {
                var result = await store.ListAsync(user, filter, page, 5).ReadAllAsync();
                result.TotalCount.Should().Be(all.Count);
                paged.AddRange(result.Items.Select(i => i.Id));
            }

            paged.Should().Equal(all, "each page is its range of the newest-first order, whichever end it was skipped from");
        }
    }

    private static async Task<long?> KeptAsync(TestDatabase database, string user) =>
        await ScalarAsync(database, "SELECT items FROM g4f_memory_counts WHERE user_id = $1", user) as long?;

    private static async Task<long> CountedAsync(TestDatabase database, string user) =>
        (long)(await ScalarAsync(database, "SELECT count(*) FROM g4f_memories WHERE user_id = $1", user))!;

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql, string user)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = System.Text.Encoding.UTF8.GetBytes(user) });
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql, string user) => await ScalarAsync(database, sql, user);
}
