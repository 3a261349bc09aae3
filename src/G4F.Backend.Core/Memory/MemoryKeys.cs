using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.Memory;

/// <summary>The keys the store derives from a user and an item: validation, the full-text user token and item ids.</summary>
internal static class MemoryKeys
{
    /// <summary>The longest user id or conversation id, in UTF-16 code units.</summary>
    public const int MaxIdLength = 200;

    public static bool IsValidUserId(string? userId) => !string.IsNullOrWhiteSpace(userId) && userId.Length <= MaxIdLength;

    public static bool IsValidConversationId(string? conversationId) => !string.IsNullOrEmpty(conversationId) && conversationId.Length <= MaxIdLength;

    public static void ThrowIfInvalidUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (!IsValidUserId(userId))
        {
            throw new ArgumentException($"A user id is 1 to {MaxIdLength} characters and not blank.", nameof(userId));
        }
    }

    /// <summary>
    /// One full-text token that stands for the user (hex of a SHA-256), so a search can restrict the index
    /// to the user's rows instead of ranking every user's matches. Collisions only cost speed: the row's
    /// <c>user_id</c> is always compared as well.
    /// </summary>
    public static string UserToken(string userId) =>
        "u" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));

    /// <summary>
    /// The item id: a UUID-shaped hash of (user, conversation, position), so posting a conversation again
    /// keeps its ids, and ids are stable in tests without a random source. Lengths prefix the parts so
    /// no two different triples share an input.
    /// </summary>
    public static string ItemId(string userId, string conversationId, int position)
    {
        var input = $"{userId.Length}:{userId}|{conversationId.Length}:{conversationId}|{position}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(input), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
