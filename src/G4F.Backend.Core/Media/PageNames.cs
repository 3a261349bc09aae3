using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

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

    /// <summary>The name without extension: <c>&lt;host&gt;+&lt;path&gt;+&lt;hash&gt;</c>.</summary>
    public static string Stem(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var hash = Base32(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..HashLength];
        var prefix = SafeName.Sanitize($"{url.Host}+{url.AbsolutePath.TrimStart('/').Replace('/', '_')}");

        // 100 bytes in all: prefix, "+", the hash and ".md".
        prefix = Cut(prefix, 100 - 1 - HashLength - 3).TrimEnd('.', ',', '_', '+', '-');
        return prefix.Length == 0 ? hash : $"{prefix}+{hash}";
    }

    private static string Cut(string value, int maxBytes)
    {
        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > maxBytes)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
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
