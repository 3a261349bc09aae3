using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Schema;

/// <summary>The schema is created at start, once, by the database owner role; a database that cannot be reached stops the start with an error naming the setting.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class SchemaMigrationTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task Instances_starting_at_once_on_an_empty_database_apply_each_version_exactly_once()
    {
        var database = await cluster.NewDatabaseAsync();
        var instances = Enumerable.Range(0, 8).Select(_ => database.NewInstance()).ToList();

        await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.EnsureSchemaAsync(CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(120));

        (await VersionsAsync(database)).Should().Equal(Enumerable.Range(1, Migrations.Latest));
    }

    [Fact]
    public async Task A_second_start_on_a_current_schema_changes_nothing()
    {
        var database = await cluster.NewDatabaseAsync();
        await database.NewInstance().EnsureSchemaAsync(CancellationToken.None);
        var before = await AppliedAtAsync(database);

        await database.NewInstance().EnsureSchemaAsync(CancellationToken.None);

        (await AppliedAtAsync(database)).Should().Equal(before);
    }

    [Fact]
    public async Task A_database_of_a_newer_release_is_refused_with_the_versions()
    {
        var database = await cluster.NewDatabaseAsync();
        await database.NewInstance().EnsureSchemaAsync(CancellationToken.None);
        await ExecuteAsync(database, $"INSERT INTO g4f_schema_version (version) VALUES ({Migrations.Latest + 1})");

        var start = async () => await database.NewInstance().EnsureSchemaAsync(CancellationToken.None);

        (await start.Should().ThrowAsync<PostgreSqlUnavailableException>()).Which.Message.Should().Contain("newer than this release");
    }

    [Fact]
    public async Task An_unreachable_database_stops_the_start_with_an_error_naming_the_setting_and_not_the_password()
    {
        var port = ClosedPort();
        var services = new ServiceCollection();
        services.AddG4FBackend().UsePostgreSql($"Host=127.0.0.1;Port={port};Database=g4f;Username=g4f;Password=secret-password-value;Timeout=5");
        await using var provider = services.BuildServiceProvider();

        var start = async () =>
        {
            foreach (var service in provider.GetServices<IHostedService>())
            {
                await service.StartAsync(CancellationToken.None);
            }
        };

        var error = (await start.Should().ThrowAsync<PostgreSqlUnavailableException>()).Which;
        error.Message.Should().Contain("G4F:PostgreSql:ConnectionString").And.Contain($"Port={port}").And.NotContain("secret-password-value");
    }

    [Fact]
    public async Task The_configuration_key_alone_switches_the_stores_to_postgresql()
    {
        var database = await cluster.NewDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["G4F:PostgreSql:ConnectionString"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddG4FBackend(configuration.GetSection("G4F")).UsePostgreSqlWhenConfigured(configuration);
        await using var provider = services.BuildServiceProvider();
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var cache = provider.GetRequiredService<G4F.Backend.Caching.ICacheStore>();
        await cache.SetAsync("create", "k.json", "v"u8.ToArray(), DateTimeOffset.UtcNow.AddHours(1));

        (await CountAsync(database, "SELECT count(*) FROM g4f_cache_entries")).Should().Be(1);
        provider.GetRequiredService<G4F.Backend.Storage.IStorageLock>().GetType().Namespace.Should().StartWith("G4F.Backend.PostgreSql");
        await provider.GetRequiredService<G4F.Backend.Memory.IMemoryStore>().AddConversationAsync("u1", "c1", [new("user", "kept in postgresql")]);
        (await CountAsync(database, "SELECT count(*) FROM g4f_memories")).Should().Be(1);
        foreach (var store in new[] { typeof(G4F.Backend.Buckets.IBucketStore), typeof(G4F.Backend.Media.IMediaStore), typeof(G4F.Backend.Sharing.IChatShareStore) })
        {
            provider.GetRequiredService(store).GetType().Namespace.Should().StartWith("G4F.Backend.PostgreSql", $"{store.Name} moves with the others");
        }
    }

    [Fact]
    public async Task Without_the_key_the_embedded_stores_stay()
    {
        var services = new ServiceCollection();
        services.AddG4FBackend().UsePostgreSqlWhenConfigured(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<G4F.Backend.Storage.IStorageLock>().GetType().Namespace.Should().NotStartWith("G4F.Backend.PostgreSql");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<List<int>> VersionsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM g4f_schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task<List<DateTime>> AppliedAtAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT applied_at FROM g4f_schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var times = new List<DateTime>();
        while (await reader.ReadAsync())
        {
            times.Add(reader.GetDateTime(0));
        }

        return times;
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
