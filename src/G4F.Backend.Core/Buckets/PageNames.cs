using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The name of a downloaded page's markdown, in the original's spirit (<c>g4f/tools/files.py</c>):
/// <c>&lt;host&gt;+&lt;path with _&gt;+&lt;24 base32 chars of SHA-256 of the URL&gt;.md</c>, sanitised (PROTOCOL 1.6) and
/// cut so the hash always survives the 100-byte limit.
/// </summary>
internal static class PageNames
{
    private const int HashLength = 24;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The markdown name of the page at <paramref name="url"/>.</summary>
    public static string MarkdownName(Uri url) => Stem(url) + ".md";

    /// <summary>The name of a media file downloaded from <paramref name="url"/>: the full stem and <paramref name="extension"/>.</summary>
    public static string MediaName(Uri url, string extension) => Stem(url, extension) + extension;

    /// <summary>
    /// The name without extension, <c>&lt;host&gt;+&lt;path&gt;+&lt;hash&gt;</c>, short enough that
    /// <paramref name="extension"/> still fits in 100 bytes after it.
    /// </summary>
    public static string Stem(Uri url, string extension = ".md")
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(url);
        var hash = Base32(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..HashLength];
        var prefix = SafeName.Sanitize($"{url.Host}+{url.AbsolutePath.TrimStart('/').Replace('/', '_')}");

        // 100 bytes in all: prefix, "+", the hash and the extension.
        prefix = DownloadNames.Cut(prefix, 100 - 1 - HashLength - Encoding.UTF8.GetByteCount(extension)).TrimEnd('.', ',', '_', '+', '-');
        return prefix.Length == 0 ? hash : $"{prefix}+{hash}";
    }

    private static string Base32(byte[] data)
    {
        var builder = new StringBuilder((data.Length * 8 / 5) + 1);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            builder.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return builder.ToString();
    }
}
