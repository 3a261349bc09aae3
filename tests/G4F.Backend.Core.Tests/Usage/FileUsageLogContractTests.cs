using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using G4F.Backend.Usage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>The embedded usage log runs the store contract on real files in a temporary data directory.</summary>
public sealed class FileUsageLogContractTests : UsageLogContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override ValueTask<IUsageLog> CreateLogAsync(TimeProvider clock)
    {
        return ValueTask.FromResult<IUsageLog>(new FileUsageLog(DataPaths.Of(_dataDirectory), clock, Options.Create(new UsageOptions()), new InProcessStorageLock()));
    }
}
