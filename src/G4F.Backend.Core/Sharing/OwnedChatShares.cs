using System.Text.Json.Nodes;
using G4F.Backend.Identity;

namespace G4F.Backend.Sharing;

/// <summary>
/// Saves a posted chat for a caller: the chat in its stored form (<see cref="ChatShareJson"/>), then one call to the
/// store, which checks (and claims) the owner and compares the version in the same step as the write.
/// </summary>
internal sealed class OwnedChatShares(IChatShareStore store)
{
    /// <summary>Saves <paramref name="chat"/> under <paramref name="shareId"/> (sanitised) when <paramref name="caller"/> may (null: no identity step).</summary>
    /// <returns>The decision, and the store's result when the chat was written or compared.</returns>
    public async Task<(AccessDecision Access, ChatShareSaveResult? Result)> SaveAsync(string shareId, JsonObject chat, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        ChatShareSaveResult result;
        using (var share = ChatShareJson.ToShare(chat))
        {
            result = await store.SaveAsync(shareId, share, caller, cancellationToken).ConfigureAwait(false);
        }

        return result switch
        {
            ChatShareSaveResult.Unauthenticated => (AccessDecision.Unauthenticated, null),
            ChatShareSaveResult.Forbidden => (AccessDecision.Forbidden, null),
            _ => (AccessDecision.Allowed, result),
        };
    }
}
