using System.Collections.Concurrent;
using G4F.Backend.Testing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for the tests. With <c>G4F_TEST_POSTGRES</c> set (a connection string of a role that may create
/// roles and databases) it uses that server; otherwise it makes a throwaway cluster: initdb into a temporary folder,
/// the server on a free port of 127.0.0.1 with its socket in that folder, stopped and deleted at the end of the run.
/// Every test class gets its own login role and a database that role owns (no superuser, no CREATEDB), as production
/// runs. When no server can be had, every test of the collection fails with the reason: none is silently skipped.
/// </summary>
public sealed class PostgreSqlCluster : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TestDatabase>>> _databases = new(StringComparer.Ordinal);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private ThrowawayCluster? _throwaway;
    private int _count;
    private NpgsqlDataSource? _admin;

    /// <summary>The admin connection string (a superuser of the throwaway cluster, or <c>G4F_TEST_POSTGRES</c>).</summary>
    public string AdminConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("G4F_TEST_POSTGRES") is { Length: > 0 } external)
        {
            AdminConnectionString = external;
        }
        else
        {
            AdminConnectionString = await StartClusterAsync();
        }

        _admin = NpgsqlDataSource.Create(AdminConnectionString);
        try
        {
            await using var probe = await _admin.OpenConnectionAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"The test PostgreSQL server does not answer ({ex.Message}).", ex);
        }
    }

    /// <summary>The database of <paramref name="testClass"/>: created on first use, owned by a login role of its own.</summary>
    public Task<TestDatabase> DatabaseForAsync(Type testClass) =>
        _databases.GetOrAdd(testClass.FullName!, _ => new Lazy<Task<TestDatabase>>(CreateDatabaseAsync)).Value;

    /// <summary>A fresh database, for a test that needs one nobody else touched (an empty schema).</summary>
    public Task<TestDatabase> NewDatabaseAsync() =>
        _databases.GetOrAdd("new/" + Guid.NewGuid().ToString("N"), _ => new Lazy<Task<TestDatabase>>(CreateDatabaseAsync)).Value;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var entry in _databases.Values.Where(d => d.IsValueCreated))
        {
            try
            {
                var database = await entry.Value;
                await database.DisposeAsync();
                if (_throwaway is null && _admin is not null)
                {
                    // On a shared server, leave nothing behind; a throwaway cluster goes whole.
                    await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database.Name}\" WITH (FORCE)");
                    await ExecuteAsync($"DROP ROLE IF EXISTS \"{database.Name}\"");
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // Cleanup only: a database that failed to be created has nothing to drop.
            }
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await StopClusterAsync();
    }

    private async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = $"g4f_t{_run}_{Interlocked.Increment(ref _count)}";
        var password = Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE");
        await ExecuteAsync($"CREATE DATABASE \"{name}\" OWNER \"{name}\"");
        // Idle connections close within seconds: the run holds many test databases, each with pools of its own
        // instances, and together they must stay under the server's connection limit.
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Username = name,
            Password = password,
            MaxPoolSize = 50,
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
        };
        return new TestDatabase(name, builder.ConnectionString);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _admin!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> StartClusterAsync()
    {
        _throwaway = await ThrowawayCluster.StartAsync();
        return _throwaway.AdminConnectionString;
    }

    private async Task StopClusterAsync()
    {
        if (Interlocked.Exchange(ref _throwaway, null) is { } throwaway)
        {
            await throwaway.DisposeAsync();
        }
    }
}
