using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// The embedded store's key rules (Core's internal MemoryKeys), kept identical so an item has the same id in either
/// store and a user is refused by the same checks.
/// </summary>
internal static class MemoryIds
{
    public const int MaxIdLength = 200;

    public static void ThrowIfInvalidUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > MaxIdLength)
        {
            throw new ArgumentException($"A user id is 1 to {MaxIdLength} characters and not blank.", nameof(userId));
        }
    }

    public static void ThrowIfInvalidConversationId(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (conversationId.Length is 0 or > MaxIdLength)
        {
            throw new ArgumentException($"A conversation id is 1 to {MaxIdLength} characters.", nameof(conversationId));
        }
    }

    /// <summary>The lexeme standing for the user in every item's search vector (hex, so never a word of another shape).</summary>
    public static string UserToken(string userId) =>
        "u" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));

    /// <summary>A UUID-shaped hash of (user, conversation, position): re-posting a conversation keeps its ids.</summary>
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

    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
