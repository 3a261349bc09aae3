using G4F.Backend.Memory;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>The embedded SQLite memory store runs the store contract on a real database file in a temporary data directory.</summary>
public sealed class SqliteMemoryStoreContractTests : MemoryStoreContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteMemoryStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override ValueTask<IMemoryStore> CreateStoreAsync(TimeProvider clock) => CreateStoreAsync(clock, SqliteMemoryReads.Budget);

    protected override ValueTask<IMemoryStore> CreateStoreAsync(TimeProvider clock, long readBudget)
    {
        var store = new SqliteMemoryStore(DataPaths.Of(_dataDirectory), Options.Create(new MemoryOptions()), clock) { ReadBudget = readBudget };
        _stores.Add(store);
        return ValueTask.FromResult<IMemoryStore>(store);
    }
}
