using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.Memory;

/// <summary>
/// The SQLite store's user token: a lexeme standing for the user in every item's full-text row (hex, so never a word of
/// another shape), so one index look-up intersects the user's items with the query's words. An index detail of this store;
/// the id rules every store shares are <see cref="MemoryIds"/>.
/// </summary>
internal static class MemoryKeys
{
    public static string UserToken(string userId) =>
        "u" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));
}
