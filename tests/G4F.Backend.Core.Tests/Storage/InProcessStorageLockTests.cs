using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Storage;

/// <summary>The embedded lock runs the store contract: one process, so both holders are the same object.</summary>
public sealed class InProcessStorageLockTests : StorageLockContract
{
    protected override ValueTask<(IStorageLock First, IStorageLock Second)> CreatePairAsync()
    {
        var storageLock = new InProcessStorageLock();
        return ValueTask.FromResult<(IStorageLock, IStorageLock)>((storageLock, storageLock));
    }
}
