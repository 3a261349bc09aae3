using System.Globalization;

namespace G4F.Backend.Providers;

/// <summary>
/// Maps a request's <c>aspect_ratio</c> (<c>16:9</c>, <c>1:1</c>, <c>9:16</c>; also <c>16x9</c> or <c>16/9</c>) to the
/// image <c>size</c> configured for its shape: square, landscape or portrait.
/// </summary>
internal static class ImageSizeMapping
{
    private const int MaxSide = 99_999;

    /// <summary>The size for <paramref name="aspectRatio"/>; null when there is no ratio, it does not parse, or its shape has no size.</summary>
    public static string? SizeFor(string? aspectRatio, ImageSizeOptions sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (!TryParseRatio(aspectRatio, out var width, out var height))
        {
            return null;
        }

        var size = width == height ? sizes.Square : width > height ? sizes.Landscape : sizes.Portrait;
        return string.IsNullOrWhiteSpace(size) ? null : size.Trim();
    }

    /// <summary>Whether <paramref name="size"/> is <c>auto</c> or <c>WIDTHxHEIGHT</c> with positive whole sides.</summary>
    public static bool IsValidSize(string size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var trimmed = size.Trim();
        if (trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parts = trimmed.Split('x');
        return parts.Length == 2 && parts.All(p => p.Length is > 0 and <= 5 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) is > 0 and <= MaxSide);
    }

    private static bool TryParseRatio(string? ratio, out double width, out double height)
    {
        width = height = 0;
        if (string.IsNullOrWhiteSpace(ratio))
        {
            return false;
        }

        var parts = ratio.Split([':', 'x', 'X', '/'], StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out width)
            && double.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0 && double.IsFinite(width) && double.IsFinite(height);
    }
}
