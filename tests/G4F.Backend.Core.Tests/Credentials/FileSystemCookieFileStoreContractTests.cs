using G4F.Backend.Credentials;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Credentials;

/// <summary>The embedded cookie file store runs the store contract on real files in a temporary data directory.</summary>
public sealed class FileSystemCookieFileStoreContractTests : CookieFileStoreContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override ValueTask<ICookieFileStore> CreateStoreAsync() =>
        ValueTask.FromResult<ICookieFileStore>(new FileSystemCookieFileStore(DataPaths.Of(_dataDirectory)));
}
