using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlMemoryStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedMemoryStore(PostgreSqlMemoryStore inner, PostgreSqlDatabase database) : IMemoryStore
{
    public Task<int> AddConversationAsync(string userId, string conversationId, IReadOnlyList<MemoryMessage> messages, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.AddConversationAsync(userId, conversationId, messages, cancellationToken));

    // The page's later batches are statements too, run as the items are enumerated.
    public async Task<MemoryPage> ListAsync(string userId, MemoryFilter? filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var listed = await StatementFailures.RunAsync(database, inner.ListAsync(userId, filter, page, pageSize, cancellationToken)).ConfigureAwait(false);
        return listed with { Items = StatementFailures.EnumerateAsync(database, listed.Items, cancellationToken) };
    }

    public async Task<IAsyncEnumerable<MemorySearchResult>> SearchAsync(string userId, string query, MemoryFilter? filter, int limit, CancellationToken cancellationToken = default) =>
        StatementFailures.EnumerateAsync(database, await StatementFailures.RunAsync(database, inner.SearchAsync(userId, query, filter, limit, cancellationToken)).ConfigureAwait(false), cancellationToken);

    public Task<bool> DeleteAsync(string userId, string memoryId, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.DeleteAsync(userId, memoryId, cancellationToken));

    public Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.DeleteAllAsync(userId, cancellationToken));
}
