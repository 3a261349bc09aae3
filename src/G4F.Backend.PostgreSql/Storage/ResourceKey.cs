using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.PostgreSql.Storage;

/// <summary>
/// The 64-bit advisory lock key of a resource name: the first eight bytes of the SHA-256 of its upper-case invariant
/// UTF-8 form. Stable across processes, machines and .NET versions (string.GetHashCode is not), and case-insensitive
/// as <see cref="G4F.Backend.Storage.IStorageLock"/> requires. Two names sharing a key only make their writers take turns.
/// </summary>
internal static class ResourceKey
{
    public static long Of(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(resource.ToUpperInvariant()), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }
}
