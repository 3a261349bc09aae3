using System.Buffers.Binary;

namespace G4F.Backend.WebClient;

/// <summary>
/// One fetched web client file as the cache store keeps it: a version byte, the fetch time (UTC ticks, little-endian),
/// then the file's bytes. The fetch time travels with the bytes because <see cref="Caching.ICacheStore"/> never returns an
/// expired value: the entry lives past the file's freshness so a failed refresh can still serve it, and freshness is
/// read from here. A value of any other shape is no copy (a miss).
/// </summary>
internal sealed class WebClientCopy
{
    /// <summary>The bytes before the file's own.</summary>
    public const int HeaderLength = 1 + sizeof(long);

    private const byte Version = 1;

    private WebClientCopy(byte[] value, DateTimeOffset fetchedAt)
    {
        Value = value;
        FetchedAt = fetchedAt;
    }

    /// <summary>The whole stored value, header included (what the cache store holds and what memory counts).</summary>
    public byte[] Value { get; }

    /// <summary>When the file was fetched from its source.</summary>
    public DateTimeOffset FetchedAt { get; }

    /// <summary>The file's bytes.</summary>
    public ReadOnlyMemory<byte> Content => Value.AsMemory(HeaderLength);

    /// <summary>
    /// The copy in <paramref name="value"/>, whose first <see cref="HeaderLength"/> bytes were left for the header and are
    /// written here: the file is fetched straight into the value, with no second buffer.
    /// </summary>
    public static WebClientCopy Seal(byte[] value, DateTimeOffset fetchedAt)
    {
        value[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(1), fetchedAt.UtcTicks);
        return new WebClientCopy(value, fetchedAt);
    }

    /// <summary>The copy stored as <paramref name="value"/>, or null when the value is not one (another version, cut short).</summary>
    public static WebClientCopy? Read(byte[]? value)
    {
        if (value is null || value.Length < HeaderLength || value[0] != Version)
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(1));
        return ticks < 0 || ticks > DateTime.MaxValue.Ticks ? null : new WebClientCopy(value, new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    /// <summary>Whether the copy is still fresh at <paramref name="now"/> (younger than <paramref name="freshFor"/>).</summary>
    public bool IsFresh(DateTimeOffset now, TimeSpan freshFor) => now - FetchedAt < freshFor;

    /// <summary>Whether the copy may still be served at <paramref name="now"/> when a refresh failed (see <see cref="WebClientFiles.StaleLimit"/>).</summary>
    public bool IsUsable(DateTimeOffset now, TimeSpan freshFor) => now < ExpiresAt(freshFor);

    /// <summary>When the copy is gone for good: its freshness, then <see cref="WebClientFiles.StaleLimit"/> more.</summary>
    public DateTimeOffset ExpiresAt(TimeSpan freshFor) => FetchedAt + freshFor + WebClientFiles.StaleLimit;
}
