using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// What a user's items carry in their search vectors, both from one SHA-256 of the user id's UTF-8 bytes: the token (a
/// lexeme of its own in every vector, kept so a vector's length, and with it the rank's normalisation, stays what it was)
/// and the key that prefixes every word lexeme, so a word's GIN posting list and a prefix's range of lexemes are the
/// user's own instead of every user's. Index details of this store, not rules stores share: keys collide (24 bits), which
/// costs only speed, since <c>user_id</c> is always compared.
/// </summary>
internal static class MemoryUser
{
    /// <summary>Characters of the key (hex): 16.7M keys, so posting lists stay the user's even with many users.</summary>
    public const int KeyLength = 6;

    /// <summary>
    /// The key in SQL, over a bytea <c>user_id</c>: the expression migration 5 writes out literally (a migration is never
    /// edited once shipped), here for the test that holds it against <see cref="Of"/>.
    /// </summary>
    public const string KeySql = "left(encode(sha256(user_id), 'hex'), 6)";

    public static (string Token, string Key) Of(string userId)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));
        return ("u" + hex, hex[..KeyLength]);
    }
}
