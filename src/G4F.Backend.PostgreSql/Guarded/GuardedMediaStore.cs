using G4F.Backend.Media;
using G4F.Backend.PostgreSql.Media;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlMediaStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedMediaStore(PostgreSqlMediaStore inner, PostgreSqlDatabase database) : IMediaStore
{
    public Task<StoredBlob?> OpenReadAsync(MediaKey key, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.OpenReadAsync(key, cancellationToken));

    public Task<MediaEntry?> GetInfoAsync(MediaKey key, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.GetInfoAsync(key, cancellationToken));

    public Task<MediaEntry> WriteAsync(MediaKey key, Stream content, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.WriteAsync(key, content, cancellationToken));

    public Task<bool> DeleteAsync(MediaKey key, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.DeleteAsync(key, cancellationToken));

    public IAsyncEnumerable<MediaEntry> ListAsync(MediaArea area, CancellationToken cancellationToken) =>
        StatementFailures.EnumerateAsync(database, inner.ListAsync(area, cancellationToken), cancellationToken);
}
