using G4F.Backend.Caching;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Caching;

/// <summary>The embedded file cache runs the store contract on real files in a temporary data directory.</summary>
public sealed class FileCacheStoreContractTests : CacheStoreContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override ValueTask<ICacheStore> CreateStoreAsync(TimeProvider clock, IReadOnlyList<CacheLimit> limits) =>
        ValueTask.FromResult<ICacheStore>(new FileCacheStore(DataPaths.Of(_dataDirectory), clock, limits));
}
