using G4F.Backend.Testing;
using Npgsql;

namespace G4F.Backend.Bench;

/// <summary>
/// The PostgreSQL server of a bench run, as the tests get theirs: <c>G4F_TEST_POSTGRES</c> (a role that may create
/// databases) when set, otherwise a throwaway cluster on loopback (<see cref="ThrowawayCluster"/>), started once for the
/// run and stopped when the process exits. Each measurement gets a fresh database, dropped afterwards, unless
/// <c>G4F_BENCH_KEEP=1</c>: then it stays and its connection string is printed, for <c>EXPLAIN</c> on the loaded corpus
/// (use it with <c>G4F_TEST_POSTGRES</c>, since a throwaway cluster goes when the process exits).
/// </summary>
internal static class BenchPostgreSql
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _admin;
    private static string? _unavailable;
    private static int _count;

    /// <summary>A fresh database, or null and the reason none can be had.</summary>
    public static async Task<(BenchDatabase? Database, string? Reason)> CreateDatabaseAsync()
    {
        if (await AdminAsync() is not { } admin)
        {
            return (null, _unavailable);
        }

        var name = $"g4f_bench_{Environment.ProcessId}_{Interlocked.Increment(ref _count)}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 64 }.ConnectionString;
        if (Environment.GetEnvironmentVariable("G4F_BENCH_KEEP") == "1")
        {
            Console.WriteLine($"G4F_BENCH_KEEP: database {name} is kept");
            return (new BenchDatabase(connectionString, () => ValueTask.CompletedTask), null);
        }

        return (new BenchDatabase(connectionString, () => ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")), null);
    }

    private static async Task<string?> AdminAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_admin is not null || _unavailable is not null)
            {
                return _admin;
            }

            if (Environment.GetEnvironmentVariable("G4F_TEST_POSTGRES") is { Length: > 0 } external)
            {
                return _admin = external;
            }

            if (ThrowawayCluster.Unavailable is { } reason)
            {
                _unavailable = reason;
                return null;
            }

            // Stopped by the process-exit hook the cluster registers. Shared buffers as a modest production server has them.
            var cluster = await ThrowawayCluster.StartAsync(sharedBuffers: "512MB");
            return _admin = cluster.AdminConnectionString;
        }
        catch (InvalidOperationException ex)
        {
            _unavailable = ex.Message;
            return null;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async ValueTask ExecuteAsync(string admin, string sql)
    {
        await using var source = NpgsqlDataSource.Create(admin);
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
