using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlMemoryStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedMemoryStore(PostgreSqlMemoryStore inner, PostgreSqlDatabase database) : IMemoryStore
{
    public Task<int> AddConversationAsync(string userId, string conversationId, IReadOnlyList<MemoryMessage> messages, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.AddConversationAsync(userId, conversationId, messages, cancellationToken));

    public Task<MemoryPage> ListAsync(string userId, MemoryFilter? filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.ListAsync(userId, filter, page, pageSize, cancellationToken));

    public Task<IReadOnlyList<MemorySearchResult>> SearchAsync(string userId, string query, MemoryFilter? filter, int limit, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.SearchAsync(userId, query, filter, limit, cancellationToken));

    public Task<bool> DeleteAsync(string userId, string memoryId, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.DeleteAsync(userId, memoryId, cancellationToken));

    public Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.DeleteAllAsync(userId, cancellationToken));
}
