using System.Text;

namespace G4F.Backend.Search;

/// <summary>
/// Markdown links of the sources list, built the way the original's <c>format_link</c> builds them: the title's white
/// space collapsed (the host and path when there is no title), the URL's path percent-encoded so it cannot end the link.
/// </summary>
internal static class SourceLink
{
    private const string SafeInPath = "/?&=#";

    /// <summary><c>[title](url)</c>.</summary>
    public static string Format(string url, string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            var start = url.IndexOf("//", StringComparison.Ordinal);
            title = start < 0 ? url : Uri.UnescapeDataString(url[(start + 2)..].Split('?')[0].Replace("www.", string.Empty, StringComparison.Ordinal));
        }

        return $"[{Title(title)}]({QuoteUrl(url)})";
    }

    /// <summary>The URL without a <c>utm_source</c> parameter and everything after it, as the original strips it.</summary>
    public static string WithoutTracking(string url)
    {
        var cut = -1;
        foreach (var marker in (string[])["?utm_source=", "&utm_source="])
        {
            var at = url.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        // The original's pattern needs at least one character after "=".
        return cut >= 0 && url.Length > url.IndexOf('=', cut) + 1 ? url[..cut] : url;
    }

    /// <summary>The title on one line; square brackets escaped so a title cannot end the link text.</summary>
    internal static string Title(string title) =>
        string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace("[", "\\[", StringComparison.Ordinal)
            .Replace("]", "\\]", StringComparison.Ordinal);

    /// <summary>Scheme and host as they are, the rest percent-encoded except <c>/?&amp;=#</c> (decoded first when it holds escapes).</summary>
    internal static string QuoteUrl(string url)
    {
        if (url.Contains('%', StringComparison.Ordinal))
        {
            url = Uri.UnescapeDataString(url);
        }

        var separator = url.IndexOf("//", StringComparison.Ordinal);
        if (separator < 0)
        {
            return Quote(url);
        }

        var slash = url.IndexOf('/', separator + 2);
        return slash < 0 ? url : string.Concat(url.AsSpan(0, slash + 1), Quote(url[(slash + 1)..]));
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || (b < 0x80 && SafeInPath.Contains(c, StringComparison.Ordinal)))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
