using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.Caching;

/// <summary>Checks cache names and keys, and maps a key to a relative file path that never leaves its cache's folder.</summary>
internal static class CacheKeys
{
    /// <summary>The most folders a plain key may name before its file.</summary>
    private const int MaxFolders = 3;

    private const int MaxSegmentLength = 100;

    public static void ThrowIfInvalid(string cache, string key)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(key);
        if (cache.Length is 0 or > CacheStoreLimits.MaxCacheNameLength || !cache.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"A cache name is 1 to {CacheStoreLimits.MaxCacheNameLength} characters of a-z, 0-9 and '-'.", nameof(cache));
        }

        if (key.Length is 0 or > CacheStoreLimits.MaxKeyLength)
        {
            throw new ArgumentException($"A cache key is 1 to {CacheStoreLimits.MaxKeyLength} characters.", nameof(key));
        }
    }

    /// <summary>
    /// The file of <paramref name="key"/> relative to its cache's folder, as path segments. A plain key (lower-case
    /// folders without dots, then a file name with an extension, such as <c>2026-08-21/&lt;hash&gt;.json</c>) is its own
    /// path, so the backend's caches keep their readable layout; any other key becomes <c>~&lt;sha256&gt;.bin</c>. The two
    /// never meet: a plain key never starts with <c>~</c>, and a folder never has a dot where a file always has one.
    /// </summary>
    public static string[] RelativePath(string key)
    {
        var segments = key.Split('/');
        if (segments.Length <= MaxFolders + 1
            && segments.Take(segments.Length - 1).All(s => IsSegment(s, allowDot: false))
            && IsSegment(segments[^1], allowDot: true)
            && segments[^1].Contains('.', StringComparison.Ordinal)
            && !segments[^1].EndsWith(".tmp", StringComparison.Ordinal))
        {
            return segments;
        }

        return ["~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".bin"];
    }

    // Starts with a letter or digit, so never "." or ".." or a hidden file; lower case only, so two keys never
    // share a file on a case-insensitive disk.
    // Windows device names (con, nul.txt, com1, ...) are hashed too: such a file would open a device there.
    private static bool IsSegment(string segment, bool allowDot) =>
        segment.Length is > 0 and <= MaxSegmentLength
        && IsPlain(segment[0])
        && segment.All(c => IsPlain(c) || c is '-' or '_' || (allowDot && c == '.'))
        && !IsDeviceName(segment.Split('.')[0]);

    private static bool IsDeviceName(string stem) =>
        stem is "con" or "prn" or "aux" or "nul"
        || (stem.Length == 4 && (stem.StartsWith("com", StringComparison.Ordinal) || stem.StartsWith("lpt", StringComparison.Ordinal)) && stem[3] is >= '0' and <= '9');

    private static bool IsPlain(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
