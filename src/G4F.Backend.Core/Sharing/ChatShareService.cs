using System.Text.Json.Nodes;
using G4F.Backend.Buckets;
using G4F.Backend.Identity;
using G4F.Backend.Requests;
using G4F.Backend.Storage;

namespace G4F.Backend.Sharing;

/// <summary>
/// Shared chats for a host (PROTOCOL 8), versioned by their <c>updated</c> value. Ids are checked here. When the host
/// identifies callers only a share's creator (the owner of the bucket of that id) may post new versions; reading stays
/// open, as share links need.
/// </summary>
public sealed class ChatShareService
{
    private const string InvalidShareId = "Invalid share id";

    private readonly IChatShareStore _store;
    private readonly OwnedChatShares _shares;
    private readonly BucketOwners _owners;

    internal ChatShareService(IChatShareStore store, OwnedChatShares shares, BucketOwners owners)
    {
        _store = store;
        _shares = shares;
        _owners = owners;
    }

    /// <summary>
    /// Checks a post to <paramref name="shareId"/> before its body is read (a fast refusal; the save decides again, and
    /// claims a new id, in its own step).
    /// </summary>
    /// <param name="shareId">The share id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The sanitised id to save under, or the refusal (invalid id, 401, 403).</returns>
    public async Task<ServiceResult<string>> AuthorizeSaveAsync(string shareId, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(shareId, out var id))
        {
            return RequestRefusal.Invalid(InvalidShareId);
        }

        return AccessRefusals.Of(await _owners.CheckAsync(id, caller, cancellationToken).ConfigureAwait(false)) is { } refusal ? refusal : id;
    }

    /// <summary>
    /// Saves <paramref name="chat"/> under <paramref name="shareId"/>. An unchanged or outdated chat counts as saved: the
    /// client fires and forgets, and its next poll brings it the newer chat.
    /// </summary>
    /// <param name="shareId">The id <see cref="AuthorizeSaveAsync"/> answered.</param>
    /// <param name="chat">The chat as posted.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Null when saved; else the refusal (401, 403).</returns>
    public async Task<RequestRefusal?> SaveAsync(string shareId, JsonObject chat, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var (access, _) = await _shares.SaveAsync(shareId, chat, caller, cancellationToken).ConfigureAwait(false);
        return AccessRefusals.Of(access);
    }

    /// <summary>Opens the newest version of share <paramref name="shareId"/>.</summary>
    /// <param name="shareId">The share id as the client sent it.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The share (its stream is the caller's to dispose), or the refusal (invalid id, not found).</returns>
    public async Task<ServiceResult<ChatShare>> OpenAsync(string shareId, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(shareId, out var id))
        {
            return RequestRefusal.Invalid(InvalidShareId);
        }

        return await _store.OpenAsync(id, cancellationToken).ConfigureAwait(false) is { } share ? share : RequestRefusal.NotFound("Not found");
    }
}
