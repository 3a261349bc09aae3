using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// Names of downloaded files that stay valid sanitised names (PROTOCOL 1.6, at most 100 UTF-8 bytes) after an
/// extension or a collision suffix is added: the stem is cut, never the part that was added.
/// </summary>
internal static class DownloadNames
{
    private const int MaxBytes = 100;

    /// <summary><paramref name="stem"/> cut to fit, then <paramref name="ending"/> (e.g. <c>.md</c>, <c>-2.png</c>); null when nothing usable is left.</summary>
    public static string? Fit(string stem, string ending)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentNullException.ThrowIfNull(ending);
        var cut = Cut(stem, MaxBytes - Encoding.UTF8.GetByteCount(ending)).TrimEnd('.', ',', '_', '+', '-');
        return cut.Length > 0 && SafeName.TrySanitize(cut + ending, out var name) ? name : null;
    }

    /// <summary>The <paramref name="number"/>th alternative of <paramref name="name"/>: <c>cat.png</c> becomes <c>cat-2.png</c>.</summary>
    public static string? Numbered(string name, int number)
    {
        ArgumentNullException.ThrowIfNull(name);
        var extension = Path.GetExtension(name);
        return Fit(name[..^extension.Length], $"-{number}{extension}");
    }

    /// <summary>The longest prefix of <paramref name="value"/> of at most <paramref name="maxBytes"/> UTF-8 bytes, never half a character.</summary>
    public static string Cut(string value, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(value);
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
}
