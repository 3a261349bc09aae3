using System.Net;
using System.Text;

namespace G4F.Backend.Storage;

/// <summary>
/// The original's <c>secure_filename</c> for bucket ids, share ids and file names (PROTOCOL 1.6), so that
/// ordinary names map exactly as they do there, plus the safety the original lacks: an empty result is
/// reported instead of silently meaning "the parent folder" (PROTOCOL 14.1).
/// </summary>
internal static class SafeName
{
    private const int MaxUtf8Bytes = 100;

    /// <summary>Sanitises <paramref name="value"/>; returns false when nothing usable is left.</summary>
    public static bool TrySanitize(string? value, out string name)
    {
        name = Sanitize(value);
        return name.Length > 0;
    }

    /// <summary>Sanitises <paramref name="value"/>; the result may be empty.</summary>
    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // 1. A second percent-decoding (the router decoded once already), 2. trimmed.
        var decoded = WebUtility.UrlDecode(value.Replace("+", "%2B", StringComparison.Ordinal)).Trim();

        // 3. Every run of characters other than letters, digits, underscore (Unicode-aware) and . , + - becomes one '_'.
        var builder = new StringBuilder(decoded.Length);
        var inRun = false;
        foreach (var rune in decoded.EnumerateRunes())
        {
            if (StoredNames.IsKept(rune))
            {
                builder.Append(rune.ToString());
                inRun = false;
            }
            else if (!inRun)
            {
                builder.Append('_');
                inRun = true;
            }
        }

        // 4. At most 100 bytes of UTF-8, never ending in half a character; 5. stripped of . , _ + - at both ends.
        return Truncate(builder.ToString()).Trim('.', ',', '_', '+', '-');
    }

    private static string Truncate(string value)
    {
        if (Encoding.UTF8.GetByteCount(value) <= MaxUtf8Bytes)
        {
            return value;
        }

        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxUtf8Bytes)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
