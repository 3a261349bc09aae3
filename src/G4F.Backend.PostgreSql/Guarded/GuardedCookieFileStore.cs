using G4F.Backend.Credentials;
using G4F.Backend.PostgreSql.Credentials;
using G4F.Backend.PostgreSql.Schema;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlCookieFileStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedCookieFileStore(PostgreSqlCookieFileStore inner, PostgreSqlDatabase database) : ICookieFileStore
{
    public Task SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.SaveAsync(fileName, content, cancellationToken));

    public Task<IReadOnlyList<CookieFile>> ListAsync(long maxFileBytes, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.ListAsync(maxFileBytes, cancellationToken));

    // The two members the interface gives a default for: forwarded, or the inner store's own would never run.
    public IAsyncEnumerable<CookieFile> ReadEachAsync(long maxFileBytes, CancellationToken cancellationToken = default) =>
        StatementFailures.EnumerateAsync(database, inner.ReadEachAsync(maxFileBytes, cancellationToken), cancellationToken);

    public Task<string?> GetVersionAsync(CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.GetVersionAsync(cancellationToken));
}
