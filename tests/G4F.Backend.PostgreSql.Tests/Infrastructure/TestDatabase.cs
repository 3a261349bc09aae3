using G4F.Backend.PostgreSql.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.PostgreSql.Tests.Infrastructure;

/// <summary>
/// One test class's database and its login role (same name). <see cref="Instance"/> is the backend's database
/// access as one instance holds it; <see cref="NewInstance"/> opens another over the same database, as a second
/// instance of the backend would (its own data source and pool).
/// </summary>
public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    private readonly List<PostgreSqlDatabase> _instances = [];
    private PostgreSqlDatabase? _instance;

    /// <summary>The database's name, which is also its owner role's.</summary>
    public string Name { get; } = name;

    /// <summary>The owner role's connection string.</summary>
    public string ConnectionString { get; } = connectionString;

    internal PostgreSqlDatabase Instance
    {
        get
        {
            lock (_instances)
            {
                return _instance ??= NewInstance();
            }
        }
    }

    internal PostgreSqlDatabase NewInstance(int maxLockConnections = PostgreSqlOptions.DefaultMaxLockConnections)
    {
        var options = new PostgreSqlOptions { ConnectionString = ConnectionString, MaxLockConnections = maxLockConnections };
        var instance = new PostgreSqlDatabase(Options.Create(options), NullLogger<PostgreSqlDatabase>.Instance);
        lock (_instances)
        {
            _instances.Add(instance);
        }

        return instance;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        PostgreSqlDatabase[] instances;
        lock (_instances)
        {
            instances = [.. _instances];
            _instances.Clear();
        }

        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }
}
