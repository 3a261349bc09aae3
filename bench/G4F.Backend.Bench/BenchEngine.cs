using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Bench;

/// <summary>
/// One storage engine under measurement: the backend's services as a host registers them (<c>AddG4FBackend</c>, and for
/// PostgreSQL <c>UsePostgreSql</c> on a fresh database), so the bench resolves the same store the routes would use.
/// </summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<ValueTask> _cleanup;

    private BenchEngine(string name, string dataDirectory, ServiceProvider services, string? connectionString, Func<ValueTask> cleanup)
    {
        Name = name;
        DataDirectory = dataDirectory;
        _services = services;
        ConnectionString = connectionString;
        _cleanup = cleanup;
    }

    /// <summary>"embedded" (SQLite and files in the data directory) or "PostgreSQL".</summary>
    public string Name { get; }

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL database's connection string; null for the embedded engine.</summary>
    public string? ConnectionString { get; }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>"embedded" or "postgresql" to measure only that engine (<c>--engine=</c>); null for both.</summary>
    public static string? Only { get; set; }

    /// <summary>Runs <paramref name="measure"/> once per engine, embedded first; the PostgreSQL run prints "skipped: reason" when no server can be had.</summary>
    public static async Task ForEachAsync(string bench, Func<BenchEngine, Task> measure)
    {
        if (Only is null or "embedded")
        {
            await using var embedded = Create("embedded", null, () => ValueTask.CompletedTask);
            await measure(embedded);
        }

        if (Only is "embedded")
        {
            return;
        }

        var (database, reason) = await BenchPostgreSql.CreateDatabaseAsync();
        if (database is null)
        {
            Console.WriteLine();
            Console.WriteLine($"{bench}, PostgreSQL: skipped: {reason}");
            return;
        }

        await using var postgres = Create("PostgreSQL", database.ConnectionString, database.DisposeAsync);
        await measure(postgres);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _cleanup();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static BenchEngine Create(string name, string? connectionString, Func<ValueTask> cleanup)
    {
        var directory = Path.Combine(Path.GetTempPath(), "g4f-bench-engine", Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddG4FBackend(options => options.DataDirectory = directory);
        if (connectionString is not null)
        {
            builder.UsePostgreSql(connectionString);
        }

        return new BenchEngine(name, directory, services.BuildServiceProvider(), connectionString, cleanup);
    }
}
