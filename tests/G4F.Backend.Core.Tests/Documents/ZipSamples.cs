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
}
