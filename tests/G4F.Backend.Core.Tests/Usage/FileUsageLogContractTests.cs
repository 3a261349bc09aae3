using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using G4F.Backend.Usage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>The embedded usage log runs the store contract on real files in a temporary data directory.</summary>
public sealed class FileUsageLogContractTests : UsageLogContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly List<FileUsageLog> _logs = [];

    public void Dispose()
    {
        // The logs keep their day files open.
        _logs.ForEach(l => l.Dispose());
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override ValueTask<IUsageLog> CreateLogAsync(TimeProvider clock)
    {
        var log = new FileUsageLog(DataPaths.Of(_dataDirectory), clock, Options.Create(new UsageOptions()), new InProcessStorageLock());
        _logs.Add(log);
        return ValueTask.FromResult<IUsageLog>(log);
    }
}
