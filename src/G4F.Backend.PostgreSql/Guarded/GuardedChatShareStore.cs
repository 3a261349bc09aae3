using G4F.Backend.Identity;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Sharing;
using G4F.Backend.Sharing;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlChatShareStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedChatShareStore(PostgreSqlChatShareStore inner, PostgreSqlDatabase database) : IChatShareStore
{
    public ValueTask<ChatShareSaveResult> SaveAsync(string shareId, ChatShare chat, CallerIdentity? caller, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.SaveAsync(shareId, chat, caller, cancellationToken));

    public ValueTask<ChatShare?> OpenAsync(string shareId, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.OpenAsync(shareId, cancellationToken));

    public ValueTask<bool> DeleteAsync(string shareId, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.DeleteAsync(shareId, cancellationToken));
}
