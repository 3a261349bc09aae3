using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Schema;

/// <summary>Migration 6 counts the items of a populated version 5 table once, and keeps the counts from then on.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class MemoryCountMigrationTests(PostgreSqlCluster cluster)
{
    private const int CountedVersion = 6;

    [Fact]
    public async Task Items_of_version_5_are_counted_once_when_instances_start_at_once_and_kept_after()
    {
        var database = await cluster.NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE g4f_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var migration in Migrations.All.Where(m => m.Version < CountedVersion))
            {
                await ExecuteAsync(connection, $"{migration.Sql}; INSERT INTO g4f_schema_version (version) VALUES ({migration.Version})");
            }

            // alice 300 items, bob 7, carol none; as version 5's store wrote them (the vector does not matter to a count).
            await ExecuteAsync(connection, """
                INSERT INTO g4f_memories (id, user_id, conversation_id, position, role, content, created_at, updated_at, search)
                SELECT 'a-' || i, 'alice'::bytea, 'c'::bytea, i, 'user'::bytea, 'text'::bytea, i, i, ''::tsvector FROM generate_series(1, 300) AS i
                UNION ALL
                SELECT 'b-' || i, 'bob'::bytea, 'c'::bytea, i, 'user'::bytea, 'text'::bytea, i, i, ''::tsvector FROM generate_series(1, 7) AS i
                """);
        }

        var instances = Enumerable.Range(0, 4).Select(_ => database.NewInstance()).ToList();
        await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.EnsureSchemaAsync(CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(120));

        var store = new PostgreSqlMemoryStore(database.Instance, new FakeTimeProvider());
        (await store.ListAsync("alice", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(300);
        (await store.ListAsync("bob", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(7);
        (await store.ListAsync("carol", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(0);

        await store.AddConversationAsync("carol", "c", [new("user", "new")]);
        (await store.DeleteAllAsync("bob")).Should().Be(7);
        (await store.ListAsync("carol", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(1);
        (await store.ListAsync("bob", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(0);
        (await store.ListAsync("alice", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(300);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
