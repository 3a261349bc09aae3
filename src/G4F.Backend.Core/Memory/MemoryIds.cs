using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.Memory;

/// <summary>
/// The id rules of <see cref="IMemoryStore"/>, for its implementers: which user and conversation ids a store accepts
/// (anything else is an <see cref="ArgumentException"/>, as the store contract checks), and the id of each item, derived
/// from where it sits so that re-posting a conversation keeps its ids and every store gives an item the same id.
/// </summary>
public static class MemoryIds
{
    /// <summary>The longest user or conversation id, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>Whether <paramref name="userId"/> is a user id: 1 to <see cref="MaxLength"/> characters, not blank.</summary>
    /// <param name="userId">The id.</param>
    /// <returns>True when it is.</returns>
    public static bool IsValidUserId(string? userId) => !string.IsNullOrWhiteSpace(userId) && userId.Length <= MaxLength;

    /// <summary>Whether <paramref name="conversationId"/> is a conversation id: 1 to <see cref="MaxLength"/> characters.</summary>
    /// <param name="conversationId">The id.</param>
    /// <returns>True when it is.</returns>
    public static bool IsValidConversationId(string? conversationId) => !string.IsNullOrEmpty(conversationId) && conversationId.Length <= MaxLength;

    /// <summary>Throws what every memory store throws for an id that is not <see cref="IsValidUserId"/>.</summary>
    /// <param name="userId">The id.</param>
    /// <exception cref="ArgumentException">It is not a user id (<see cref="ArgumentNullException"/> when null).</exception>
    public static void ThrowIfInvalidUserId(string? userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (!IsValidUserId(userId))
        {
            throw new ArgumentException($"A user id is 1 to {MaxLength} characters and not blank.", nameof(userId));
        }
    }

    /// <summary>Throws what every memory store throws for an id that is not <see cref="IsValidConversationId"/>.</summary>
    /// <param name="conversationId">The id.</param>
    /// <exception cref="ArgumentException">It is not a conversation id (<see cref="ArgumentNullException"/> when null).</exception>
    public static void ThrowIfInvalidConversationId(string? conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (!IsValidConversationId(conversationId))
        {
            throw new ArgumentException($"A conversation id is 1 to {MaxLength} characters.", nameof(conversationId));
        }
    }

    /// <summary>
    /// The id of the item at <paramref name="position"/> of a conversation: a UUID-shaped hash (RFC 9562 version 8) of
    /// user, conversation and position, the <c>id</c> mem0 clients see.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="position">The message's index in the conversation.</param>
    /// <returns>The id, in the <c>D</c> format (lower-case hex with dashes).</returns>
    public static string ItemId(string userId, string conversationId, int position)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(conversationId);
        var input = $"{userId.Length}:{userId}|{conversationId.Length}:{conversationId}|{position}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(input), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
