using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Storage;
using G4F.Backend.Storage;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlStorageLock"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedStorageLock(PostgreSqlStorageLock inner, PostgreSqlDatabase database) : IStorageLock
{
    public ValueTask<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.AcquireAsync(resource, cancellationToken));
}
