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
