namespace G4F.Backend.Bench;

/// <summary>A bench database: its connection string, and the drop that ends it.</summary>
internal sealed class BenchDatabase(string connectionString, Func<ValueTask> drop)
{
    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => drop();
}
