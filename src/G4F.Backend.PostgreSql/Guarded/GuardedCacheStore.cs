using G4F.Backend.Caching;
using G4F.Backend.PostgreSql.Caching;
using G4F.Backend.PostgreSql.Schema;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlCacheStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedCacheStore(PostgreSqlCacheStore inner, PostgreSqlDatabase database) : ICacheStore
{
    public Task<byte[]?> GetAsync(string cache, string key, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.GetAsync(cache, key, cancellationToken));

    public Task<bool> SetAsync(string cache, string key, ReadOnlyMemory<byte> value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.SetAsync(cache, key, value, expiresAt, cancellationToken));

    public Task<bool> RemoveAsync(string cache, string key, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.RemoveAsync(cache, key, cancellationToken));
}
