using System.Text.Json.Nodes;
using G4F.Backend.Buckets;
using G4F.Backend.Identity;

namespace G4F.Backend.Sharing;

/// <summary>
/// Saves a shared chat for a caller: the owner check (and the claim of a new id) and the write are one step under
/// the id's bucket lock, so a share posted while its bucket is deleted, or while another user claims the id, never
/// writes into a folder the caller does not own, and a failed write reserves no id (<see cref="BucketOwners"/>).
/// </summary>
internal sealed class OwnedChatShares(BucketLocks locks, BucketOwners owners, IChatShareStore store)
{
    /// <summary>Saves <paramref name="chat"/> under <paramref name="shareId"/> (sanitised) when <paramref name="caller"/> may (null: no identity step).</summary>
    /// <returns>The decision, and the store's result when the chat was offered to it.</returns>
    public async Task<(AccessDecision Access, ChatShareSaveResult? Result)> SaveAsync(string shareId, JsonObject chat, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        var gate = await locks.AcquireAsync(shareId, cancellationToken).ConfigureAwait(false);
        try
        {
            var (access, claimed) = await owners.ClaimLockedAsync(shareId, caller, cancellationToken).ConfigureAwait(false);
            if (access != AccessDecision.Allowed)
            {
                return (access, null);
            }

            try
            {
                // The embedded store takes this same lock itself; a host's store is called under it, as every write of the id is.
                var result = store is FileSystemChatShareStore files
                    ? await files.SaveLockedAsync(shareId, chat, cancellationToken).ConfigureAwait(false)
                    : await store.SaveAsync(shareId, chat, cancellationToken).ConfigureAwait(false);
                return (access, result);
            }
            catch when (claimed)
            {
                await owners.AbandonClaimLockedAsync(shareId, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }
}
