using G4F.Backend.Sharing;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Sharing;

/// <summary>The embedded share store runs the store contract on real files in a temporary data directory.</summary>
public sealed class FileSystemChatShareStoreContractTests : ChatShareStoreContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly IChatShareStore _store;

    public FileSystemChatShareStoreContractTests() => _store = FileSystemChatShareStoreTests.Create(_dataDirectory);

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override ValueTask<IChatShareStore> CreateStoreAsync() => ValueTask.FromResult(_store);
}
