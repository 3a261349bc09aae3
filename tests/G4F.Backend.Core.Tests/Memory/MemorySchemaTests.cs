using G4F.Backend.Memory;
using G4F.Backend.Storage.Contracts;
using Microsoft.Data.Sqlite;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>Versioned migrations on new and existing databases, WAL mode.</summary>
public sealed class MemorySchemaTests : IDisposable
{
    private readonly MemoryHarness _memory = new();

    public void Dispose() => _memory.Dispose();

    private SqliteConnection OpenRaw()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_memory.DatabasePath)!);
        // No pooling: the test's own connection must not linger in the store's pool.
        var connection = new SqliteConnection($"Data Source={_memory.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task A_new_database_is_created_at_the_latest_version_in_wal_mode()
    {
        await _memory.AddAsync("alice", "c1", "hello");

        using var connection = OpenRaw();
        Scalar(connection, "PRAGMA user_version").Should().Be((long)MemorySchema.LatestVersion);
        Scalar(connection, "PRAGMA journal_mode").Should().Be("wal");
        _memory.DatabasePath.Should().Be(Path.Combine(_memory.DataDirectory, "memory", "memory.db"));
    }

    [Fact]
    public async Task A_version_1_database_with_items_is_upgraded_and_its_items_become_searchable()
    {
        using (var connection = OpenRaw())
        {
            MemorySchema.Migrate(connection, targetVersion: 1);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO memories (id, user_id, user_token, conversation_id, position, role, content, created_at, updated_at)
                VALUES ($id, 'alice', $token, 'old', 0, 'user', 'I moved to Lisbon last year', 1000, 2000);
                """;
            insert.Parameters.AddWithValue("$id", MemoryIds.ItemId("alice", "old", 0));
            insert.Parameters.AddWithValue("$token", MemoryKeys.UserToken("alice"));
            insert.ExecuteNonQuery();
            Scalar(connection, "PRAGMA user_version").Should().Be(1L);
        }

        (await _memory.SearchAsync("alice", "lisbon")).Should().Equal("I moved to Lisbon last year");
        var item = (await _memory.AllAsync("alice")).Single();
        item.CreatedAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1000));
        item.UpdatedAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(2000));

        await _memory.AddAsync("alice", "old", "I moved to Porto last year");
        (await _memory.SearchAsync("alice", "lisbon")).Should().BeEmpty("the upgraded index follows later edits");
        using var check = OpenRaw();
        Scalar(check, "PRAGMA user_version").Should().Be((long)MemorySchema.LatestVersion);
    }

    [Fact]
    public async Task Reopening_a_current_database_applies_no_step_again()
    {
        await _memory.AddAsync("alice", "c1", "hello world");

        var second = _memory.NewStore();
        (await second.SearchAsync("alice", "hello", null, 10).ReadAllAsync()).Should().ContainSingle();
        (await second.ListAsync("alice", null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(1);
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_rather_than_guessed_at()
    {
        using (var connection = OpenRaw())
        {
            Scalar(connection, $"PRAGMA user_version = {MemorySchema.LatestVersion + 1}");
        }

        var attempt = () => _memory.Store.ListAsync("alice", null, 1, 10);

        (await attempt.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*newer than this version*");
    }

    [Fact]
    public void Every_step_applies_on_top_of_the_previous_ones()
    {
        using var connection = OpenRaw();
        for (var version = 1; version <= MemorySchema.LatestVersion; version++)
        {
            MemorySchema.Migrate(connection, version);
            Scalar(connection, "PRAGMA user_version").Should().Be((long)version);
        }

        MemorySchema.Migrate(connection);
        Scalar(connection, "PRAGMA user_version").Should().Be((long)MemorySchema.LatestVersion);
    }
}
