using G4F.Backend.Identity;

namespace G4F.Backend.Sharing;

/// <summary>
/// Shared chats (PROTOCOL 8): the client's conversation objects, versioned by their <c>updated</c> field
/// (milliseconds since the epoch, set by the client on every change). Register another implementation with
/// <c>UseChatShareStore</c> on the backend builder.
/// </summary>
/// <remarks>
/// Share ids reach the store already sanitised by the protocol's rule (PROTOCOL 1.6) and never empty. A share id is
/// also a bucket id: the share belongs to whoever owns the bucket of that id, and deleting that bucket deletes the
/// share. An implementation makes the owner check (with the claim of a new id), the version check and the write one
/// step per share id, across every instance that shares the store (the highest <c>updated</c> wins, an older one never
/// replaces a newer one), and never lets a reader see a half-written chat. The embedded default keeps a share in the
/// bucket folder of the same id (<c>buckets/&lt;id&gt;/chat.json</c> under the data directory), as the original does.
/// </remarks>
public interface IChatShareStore
{
    /// <summary>
    /// Stores <paramref name="chat"/> under <paramref name="shareId"/> when <paramref name="caller"/> may write it, unless
    /// the stored chat has the same or a newer version. A chat of version 0 (no usable <c>updated</c>) carries nothing to
    /// compare: it is always stored, so no edit is lost. A caller writing an id nobody owns yet becomes its owner in the
    /// same step; a write that fails claims nothing.
    /// </summary>
    /// <param name="shareId">The sanitised share id.</param>
    /// <param name="chat">
    /// The chat: its version and its UTF-8 JSON, stored byte for byte as given (read to its end; the caller disposes it).
    /// </param>
    /// <param name="caller">Who writes; null when the host identifies no callers (everyone may write every share).</param>
    /// <param name="cancellationToken">Cancels the wait and the write; a cancelled write leaves the stored chat as it was.</param>
    /// <returns>Whether the chat was written, and why not.</returns>
    ValueTask<ChatShareSaveResult> SaveAsync(string shareId, ChatShare chat, CallerIdentity? caller, CancellationToken cancellationToken = default);

    /// <summary>Opens the stored chat of <paramref name="shareId"/>, or returns null when there is none.</summary>
    /// <param name="shareId">The sanitised share id.</param>
    /// <param name="cancellationToken">Cancels reading the version.</param>
    /// <returns>
    /// The open share, which the caller disposes: the stored bytes exactly, seekable, with the version stored with them
    /// (never a newer version's). Null when there is no chat under the id.
    /// </returns>
    ValueTask<ChatShare?> OpenAsync(string shareId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored chat of <paramref name="shareId"/>; its owner record (shared with the bucket of that id) stays.</summary>
    /// <param name="shareId">The sanitised share id.</param>
    /// <param name="cancellationToken">Cancels the wait for a writer of the same id.</param>
    /// <returns>True when a chat was deleted, false when there was none.</returns>
    ValueTask<bool> DeleteAsync(string shareId, CancellationToken cancellationToken = default);
}
