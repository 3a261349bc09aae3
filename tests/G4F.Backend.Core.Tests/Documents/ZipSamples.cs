using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>ZIP archives built in memory.</summary>
internal static class ZipSamples
{
    public static byte[] Create(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
                using var target = entry.Open();
                target.Write(content);
            }
        }

        return stream.ToArray();
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A copy of <paramref name="zip"/> whose first member with <paramref name="nameContains"/> in its name has <paramref name="content"/> instead.</summary>
    public static byte[] Replace(byte[] zip, string nameContains, string content)
    {
        using var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.Entries.First(e => e.FullName.Contains(nameContains, StringComparison.Ordinal));
            using var target = entry.Open();
            target.SetLength(0);
            target.Write(Text(content));
        }

        return stream.ToArray();
    }

    /// <summary>One member of <paramref name="bytes"/> zeros, compressed to a few hundred kilobytes.</summary>
    public static byte[] Bomb(long bytes)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("zeros.txt", CompressionLevel.SmallestSize);
            using var target = entry.Open();
            var block = new byte[1024 * 1024];
            for (long written = 0; written < bytes; written += block.Length)
            {
                target.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A copy of <paramref name="zip"/> (a small ZIP written by <see cref="ZipArchive"/>) with <paramref name="extra"/>
    /// more central-directory entries, each an empty stored member named like <c>x1f.xml</c> pointing at the first member's
    /// local header, and ZIP64 end records declaring the new count, or the old one when <paramref name="declareOldCount"/>.
    /// About 55 bytes an entry.
    /// </summary>
    public static byte[] WithExtraDirectoryEntries(byte[] zip, int extra, bool declareOldCount = false)
    {
        var end = zip.Length - 22;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var directorySize = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 12));
        var directoryStart = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));

        using var output = new MemoryStream();
        output.Write(zip, 0, directoryStart + directorySize);
        Span<byte> header = stackalloc byte[46];
        for (var i = 0; i < extra; i++)
        {
            var name = Encoding.ASCII.GetBytes($"x{i:x}.xml");
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)name.Length);
            output.Write(header);
            output.Write(name);
        }

        var zip64End = output.Length;
        var declared = (ulong)(declareOldCount ? count : count + extra);
        Span<byte> record = stackalloc byte[56];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(record[4..], 44);
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], 45);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], declared);
        BinaryPrimitives.WriteUInt64LittleEndian(record[32..], declared);
        BinaryPrimitives.WriteUInt64LittleEndian(record[40..], (ulong)(declareOldCount ? directorySize : zip64End - directoryStart));
        BinaryPrimitives.WriteUInt64LittleEndian(record[48..], (ulong)directoryStart);
        output.Write(record);
        Span<byte> locator = stackalloc byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], (ulong)zip64End);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
        output.Write(locator);
        Span<byte> last = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(last, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(last[8..], 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(last[10..], 0xFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(last[12..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(last[16..], 0xFFFFFFFF);
        output.Write(last);
        return output.ToArray();
    }
}
