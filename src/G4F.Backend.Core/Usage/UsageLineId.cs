using System.Buffers.Binary;

namespace G4F.Backend.Usage;

/// <summary>
/// Makes <see cref="UsageLine.Id"/>: a version 7 UUID (RFC 9562; milliseconds since 1970 in its first 48 bits, 74 random
/// bits after them) like <see cref="Guid.CreateVersion7()"/>, but with its random bits from <see cref="Random.Shared"/>.
/// </summary>
/// <remarks>
/// The identity only has to be unique (a retried append is recognised by it), not unguessable: it is never served and
/// never decides access. <see cref="Guid.CreateVersion7()"/> asks the operating system for cryptographic randomness,
/// one system call a line on Linux, on the path of every conversation turn; the shared generator is seeded from that
/// source once a process, so lines of two instances still differ in 74 bits that no instance derives from the other's.
/// </remarks>
internal static class UsageLineId
{
    public static Guid New() => New(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static Guid New(long unixMilliseconds)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);

        // Big-endian fields: the 48-bit timestamp, then version 7 in the high nibble of byte 6 and the RFC variant
        // (binary 10) in the top bits of byte 8.
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], (unixMilliseconds << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes[6..8]));
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
