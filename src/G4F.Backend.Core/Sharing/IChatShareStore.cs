using System.Text.Json.Nodes;

namespace G4F.Backend.Sharing;

/// <summary>
/// Shared chats (PROTOCOL 8): the client's conversation objects, versioned by their <c>updated</c> field
/// (milliseconds since the epoch, set by the client on every change).
/// </summary>
/// <remarks>
/// Share ids reach the store already sanitised by the protocol's rule (PROTOCOL 1.6) and never empty.
/// An implementation must make the version check and the write one step per share id (the highest
/// <c>updated</c> wins, an older one never replaces a newer one) and must never let a reader see a
/// half-written chat. The default store keeps a share in the bucket folder of the same id
/// (<c>buckets/&lt;id&gt;/chat.json</c>), as the original does, so deleting that bucket deletes the share.
/// </remarks>
public interface IChatShareStore
{
    /// <summary>
    /// Stores <paramref name="chat"/> under <paramref name="shareId"/> unless the stored chat has the same
    /// or a newer version. A chat without a usable <c>updated</c> (missing, not an integer) has version 0;
    /// it is still stored when the id has no chat yet.
    /// </summary>
    /// <param name="shareId">The sanitised share id.</param>
    /// <param name="chat">The conversation object as the client sent it.</param>
    /// <param name="cancellationToken">Cancels the wait and the write; a cancelled write leaves the stored chat as it was.</param>
    /// <returns>Whether the chat was written, and why not.</returns>
    ValueTask<ChatShareSaveResult> SaveAsync(string shareId, JsonObject chat, CancellationToken cancellationToken = default);

    /// <summary>Opens the stored chat of <paramref name="shareId"/>, or returns null when there is none.</summary>
    /// <param name="shareId">The sanitised share id.</param>
    /// <param name="cancellationToken">Cancels reading the version.</param>
    /// <returns>The open share, which the caller disposes; null when there is no chat under the id.</returns>
    ValueTask<ChatShare?> OpenAsync(string shareId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored chat of <paramref name="shareId"/>.</summary>
    /// <param name="shareId">The sanitised share id.</param>
    /// <param name="cancellationToken">Cancels the wait for a writer of the same id.</param>
    /// <returns>True when a chat was deleted, false when there was none.</returns>
    ValueTask<bool> DeleteAsync(string shareId, CancellationToken cancellationToken = default);
}
