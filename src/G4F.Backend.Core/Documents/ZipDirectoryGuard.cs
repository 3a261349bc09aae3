using System.Buffers.Binary;

namespace G4F.Backend.Documents;

/// <summary>
/// Refuses a ZIP file (an archive, or a DOCX/XLSX/PPTX package) whose central directory is larger than a converter may
/// read, from the end records alone: <c>ZipArchive</c>, and System.IO.Packaging under the Office SDK, make objects for
/// every central-directory entry as they open a file, before anyone can count them (1.15 million entries, 58 MB of
/// file, cost 1.5 GB). Only the tail is read: the end-of-central-directory record (found as <c>ZipArchive</c> finds it,
/// the last signature within the 64 KiB a comment may take) and the ZIP64 record its locator points at. Declared sizes
/// are not trusted: <c>ZipArchive</c> reads headers from the directory's start until one is not a header, so what it
/// would walk is the span from the earliest declared start to the end record, whatever the count and size fields say.
/// </summary>
internal static class ZipDirectoryGuard
{
    /// <summary>Central-directory bytes allowed per allowed entry: a header is 46 bytes plus its name and extra fields.</summary>
    public const int MaxBytesPerEntry = 1024;

    /// <summary>
    /// An Office file may have this many times <c>MaxArchiveEntries</c> entries: a 300-slide deck with notes and pictures
    /// has some 1,500 parts, and 10,000 entries cost some 15 MB when opened.
    /// </summary>
    public const int OfficeEntriesPerArchiveEntry = 10;

    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndLength = 56;

    /// <summary>The most entries an Office package may have under <paramref name="limits"/>.</summary>
    public static int OfficeEntries(DocumentLimits limits) =>
        (int)Math.Min(int.MaxValue, (long)limits.MaxArchiveEntries * OfficeEntriesPerArchiveEntry);

    /// <summary>
    /// Throws <see cref="DocumentConversionException"/> when the ZIP file in <paramref name="content"/> declares more than
    /// <paramref name="maxEntries"/> entries or has a central directory over <see cref="MaxBytesPerEntry"/> bytes an
    /// entry; leaves the position as it was. A file without an end record passes: the library then refuses it as corrupt.
    /// A stream that cannot seek is not checked (the converters' inputs always can).
    /// </summary>
    public static void Ensure(Stream content, string format, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            return;
        }

        var position = content.Position;
        try
        {
            Check(content, format, maxEntries);
        }
        finally
        {
            content.Position = position;
        }
    }

    private static void Check(Stream content, string format, int maxEntries)
    {
        var length = content.Length;
        var tailStart = Math.Max(0, length - (EndLength + ushort.MaxValue + Zip64LocatorLength));
        var tail = new byte[length - tailStart];
        content.Position = tailStart;
        content.ReadExactly(tail);
        var end = LastEndRecord(tail);
        if (end < 0)
        {
            return;
        }

        var record = tail.AsSpan(end);
        var entries = Largest16(BinaryPrimitives.ReadUInt16LittleEndian(record[8..]), BinaryPrimitives.ReadUInt16LittleEndian(record[10..]));
        var size = Declared32(BinaryPrimitives.ReadUInt32LittleEndian(record[12..]), masked: 0);
        var start = Declared32(BinaryPrimitives.ReadUInt32LittleEndian(record[16..]), masked: ulong.MaxValue);
        var directoryEnd = tailStart + end;
        if (end >= Zip64LocatorLength && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - Zip64LocatorLength)) == Zip64LocatorSignature)
        {
            // The ZIP64 record and its locator sit between the directory and the end record.
            directoryEnd -= Zip64LocatorLength + Zip64EndLength;
            var zip64 = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(end - Zip64LocatorLength + 8));
            if (zip64 <= (ulong)(length - Zip64EndLength))
            {
                var zip64Record = new byte[Zip64EndLength];
                content.Position = (long)zip64;
                content.ReadExactly(zip64Record);
                if (BinaryPrimitives.ReadUInt32LittleEndian(zip64Record) == Zip64EndSignature)
                {
                    entries = Math.Max(entries, Math.Max(BinaryPrimitives.ReadUInt64LittleEndian(zip64Record.AsSpan(24)), BinaryPrimitives.ReadUInt64LittleEndian(zip64Record.AsSpan(32))));
                    size = Math.Max(size, BinaryPrimitives.ReadUInt64LittleEndian(zip64Record.AsSpan(40)));
                    start = Math.Min(start, BinaryPrimitives.ReadUInt64LittleEndian(zip64Record.AsSpan(48)));
                }
            }
        }

        if (entries > (ulong)maxEntries)
        {
            throw new DocumentConversionException($"The {format} file has {entries} entries; at most {maxEntries} are read.");
        }

        var span = start <= (ulong)directoryEnd ? (ulong)directoryEnd - start : 0;
        var bytes = Math.Max(size, span);
        var maxBytes = (ulong)maxEntries * MaxBytesPerEntry;
        if (bytes > maxBytes)
        {
            throw new DocumentConversionException($"The {format} file's directory of entries is {bytes} bytes; at most {maxBytes} are read.");
        }
    }

    // The end record nearest the end of the file, as ZipArchive looks for it; -1 when there is none.
    private static int LastEndRecord(ReadOnlySpan<byte> tail)
    {
        for (var i = tail.Length - EndLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) == EndSignature)
            {
                return i;
            }
        }

        return -1;
    }

    // A 16-bit count of 0xFFFF means "see the ZIP64 record".
    private static ulong Largest16(ushort onDisk, ushort total) =>
        Math.Max(onDisk == ushort.MaxValue ? 0UL : onDisk, total == ushort.MaxValue ? 0UL : total);

    // A 32-bit size or offset of 0xFFFFFFFF means "see the ZIP64 record"; it then counts as masked.
    private static ulong Declared32(uint value, ulong masked) => value == uint.MaxValue ? masked : value;
}
