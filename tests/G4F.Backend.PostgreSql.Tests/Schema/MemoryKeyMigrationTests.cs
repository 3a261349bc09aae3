using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Schema;

/// <summary>Migration 5 keys the words of memory items written before it, in SQL, exactly as the store now writes them.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class MemoryKeyMigrationTests(PostgreSqlCluster cluster)
{
    private const int KeyedVersion = 5;

    private static readonly (string User, string Content)[] Items =
    [
        ("alice", "Le Café: crème brûlée, café again"),
        ("bob", "the blue door, the red door"),
        ("Ünïcode user 名前", "名前 and numbers 42 ½"),
        ("alice", "!!! ???"),
    ];

    // A word that fitted a lexeme before and does not with the key: it leaves the vector, the others keep their positions.
    private static readonly string LongWord = new('x', 2043);

    [Fact]
    public async Task Items_of_an_earlier_version_are_keyed_as_the_store_writes_them_once_when_instances_start_at_once()
    {
        var database = await cluster.NewDatabaseAsync();
        await CreateEarlierVersionAsync(database);

        var instances = Enumerable.Range(0, 4).Select(_ => database.NewInstance()).ToList();
        await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.EnsureSchemaAsync(CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(120));

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < Items.Length; i++)
        {
            var (user, content) = Items[i];
            var (token, key) = MemoryUser.Of(user);
            await using var command = new NpgsqlCommand("SELECT search = $1::tsvector, search::text FROM g4f_memories WHERE id = $2", connection);
            command.Parameters.Add(new() { Value = MemoryVector.Build(content, token, key) });
            command.Parameters.Add(new() { Value = $"item-{i}" });
            await using var reader = await command.ExecuteReaderAsync();
            (await reader.ReadAsync()).Should().BeTrue();
            reader.GetBoolean(0).Should().BeTrue($"item {i} is keyed as the store keys it, once (it is {reader.GetString(1)[..Math.Min(200, reader.GetString(1).Length)]})");
        }

        await using (var command = new NpgsqlCommand("SELECT search = $1::tsvector FROM g4f_memories WHERE id = 'item-long'", connection))
        {
            var key = MemoryUser.Of("bob").Key;
            command.Parameters.Add(new() { Value = $"'{MemoryUser.Of("bob").Token}' '{key}short':1 '{key}long':3" });
            ((bool)(await command.ExecuteScalarAsync())!).Should().BeTrue("the too long word leaves, the positions stay");
        }

        await using var sql = new NpgsqlCommand($"SELECT bool_and({MemoryUser.KeySql} = $1) FROM g4f_memories WHERE user_id = $2", connection);
        sql.Parameters.Add(new() { Value = MemoryUser.Of("Ünïcode user 名前").Key });
        sql.Parameters.Add(new() { Value = "Ünïcode user 名前"u8.ToArray() });
        ((bool)(await sql.ExecuteScalarAsync())!).Should().BeTrue("the key is derived alike in SQL and C#");
    }

    [Fact]
    public async Task Migrated_items_are_found_by_words_prefixes_and_phrases()
    {
        var database = await cluster.NewDatabaseAsync();
        await CreateEarlierVersionAsync(database);
        await database.NewInstance().EnsureSchemaAsync(CancellationToken.None);
        var store = new PostgreSqlMemoryStore(database.Instance, new FakeTimeProvider());

        (await store.SearchAsync("alice", "cafe", null, 10).ReadAllAsync()).Should().ContainSingle().Which.Item.Id.Should().Be("item-0");
        (await store.SearchAsync("bob", "\"red door\"", null, 10).ReadAllAsync()).Should().ContainSingle().Which.Item.Id.Should().Be("item-1");
        (await store.SearchAsync("Ünïcode user 名前", "num*", null, 10).ReadAllAsync()).Should().ContainSingle().Which.Item.Id.Should().Be("item-2");
        (await store.SearchAsync("bob", "cafe", null, 10).ReadAllAsync()).Should().BeEmpty();
    }

    /// <summary>The schema before keyed words, with items as that version's store wrote them (plain word lexemes).</summary>
    private static async Task CreateEarlierVersionAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var schema = new NpgsqlCommand("CREATE TABLE g4f_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", connection))
        {
            await schema.ExecuteNonQueryAsync();
        }

        foreach (var migration in Migrations.All.Where(m => m.Version < KeyedVersion))
        {
            await using var step = new NpgsqlCommand($"{migration.Sql}; INSERT INTO g4f_schema_version (version) VALUES ({migration.Version})", connection);
            await step.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < Items.Length; i++)
        {
            var (user, content) = Items[i];
            await using var insert = new NpgsqlCommand("""
                INSERT INTO g4f_memories (id, user_id, conversation_id, position, role, content, created_at, updated_at, search)
                VALUES ($1, $2, 'c'::bytea, $3, 'user'::bytea, $4, 0, 0, $5::tsvector)
                """, connection);
            insert.Parameters.Add(new() { Value = $"item-{i}" });
            insert.Parameters.Add(new() { Value = System.Text.Encoding.UTF8.GetBytes(user) });
            insert.Parameters.Add(new() { Value = i });
            insert.Parameters.Add(new() { Value = System.Text.Encoding.UTF8.GetBytes(content) });
            insert.Parameters.Add(new() { Value = EarlierVector(content, MemoryUser.Of(user).Token) });
            await insert.ExecuteNonQueryAsync();
        }

        await using var longItem = new NpgsqlCommand("""
            INSERT INTO g4f_memories (id, user_id, conversation_id, position, role, content, created_at, updated_at, search)
            VALUES ('item-long', 'bob'::bytea, 'c'::bytea, 99, 'user'::bytea, $1, 0, 0, $2::tsvector)
            """, connection);
        longItem.Parameters.Add(new() { Value = System.Text.Encoding.UTF8.GetBytes($"short {LongWord} long") });
        longItem.Parameters.Add(new() { Value = $"'{MemoryUser.Of("bob").Token}' 'short':1 '{LongWord}':2 'long':3" });
        await longItem.ExecuteNonQueryAsync();
    }

    /// <summary>The vector as the store wrote it before version 5: the token, then each word unkeyed with its positions.</summary>
    private static string EarlierVector(string content, string token)
    {
        var words = new List<string>();
        MemoryWords.Split(content, words);
        var positions = words.Select((w, i) => (w, i)).GroupBy(p => p.w, StringComparer.Ordinal)
            .Select(g => $"'{g.Key}':{string.Join(',', g.Select(p => p.i + 1))}");
        return string.Join(' ', positions.Prepend($"'{token}'"));
    }
}
