using System.Text;

namespace G4F.Backend.Media;

/// <summary>
/// The renderings of media blocks in <c>content</c> events (PROTOCOL 3.5): markdown images, the HTML anchors of
/// downloaded images with a known size, video and audio elements. Attribute values are HTML-escaped and markdown
/// targets have their spaces and brackets percent-encoded, so no URL or alt text can break out of its element.
/// </summary>
internal static class MediaMarkup
{
    /// <summary>
    /// <c>[![alt](url)](url)</c> per image, joined by a newline; with several images the alt is prefixed <c>#1 </c>,
    /// <c>#2 </c>... as in the original.
    /// </summary>
    public static string ImageMarkdown(IReadOnlyList<string> urls, string? alt)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (urls.Count == 1)
        {
            return Markdown(urls[0], alt);
        }

        var builder = new StringBuilder();
        for (var i = 0; i < urls.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : "\n").Append(Markdown(urls[i], $"#{i + 1} {alt}"));
        }

        return builder.ToString();
    }

    /// <summary>
    /// One anchor per image, joined by a newline: the link and <c>data-src</c> are the image, the <c>img</c> shows its
    /// thumbnail, <c>data-width</c>/<c>data-height</c> are the size of the first stored image.
    /// </summary>
    public static string ImageAnchors(IReadOnlyList<(string Url, string Thumbnail)> images, string? alt, ImageSize size)
    {
        ArgumentNullException.ThrowIfNull(images);
        var builder = new StringBuilder();
        foreach (var (url, thumbnail) in images)
        {
            var href = Attribute(url);
            builder.Append(builder.Length == 0 ? string.Empty : "\n")
                .Append("<a href=\"").Append(href).Append("\" data-src=\"").Append(href)
                .Append("\" data-width=\"").Append(size.Width).Append("\" data-height=\"").Append(size.Height)
                .Append("\" data-source=\"\"><img src=\"").Append(Attribute(thumbnail))
                .Append("\" alt=\"").Append(Attribute(alt ?? string.Empty)).Append("\" width=\"\" height=\"\"></a>");
        }

        return builder.ToString();
    }

    /// <summary><c>&lt;video src="..."&gt;&lt;/video&gt;</c> per video, joined by a newline.</summary>
    public static string Videos(IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return string.Join('\n', urls.Select(url => $"<video src=\"{Attribute(url)}\"></video>"));
    }

    /// <summary>
    /// <c>&lt;audio controls src="..."&gt;&lt;/audio&gt;</c>, or <c>&lt;audio controls&gt;&lt;/audio&gt;</c> for a data URI
    /// (the client plays the event's <c>data</c>), followed by a blank line and the transcript when there is one.
    /// </summary>
    public static string Audio(string data, string? transcript)
    {
        ArgumentNullException.ThrowIfNull(data);
        var element = IsDataUri(data) ? "<audio controls></audio>" : $"<audio controls src=\"{Attribute(data)}\"></audio>";
        return string.IsNullOrEmpty(transcript) ? element : $"{element}\n\n{transcript}";
    }

    /// <summary>Whether <paramref name="url"/> is a <c>data:</c> URI.</summary>
    public static bool IsDataUri(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Escapes the five characters that matter in a quoted HTML attribute, as Python's <c>html.escape</c>.</summary>
    public static string Attribute(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static string Markdown(string url, string? alt)
    {
        var target = MarkdownTarget(url);
        return $"[![{MarkdownAlt(alt)}]({target})]({target})";
    }

    // Whitespace collapsed as the original's quote_title; brackets escaped so the alt cannot end the image early.
    private static string MarkdownAlt(string? alt)
    {
        if (string.IsNullOrWhiteSpace(alt))
        {
            return string.Empty;
        }

        var collapsed = string.Join(' ', alt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal)
            .Replace("]", "\\]", StringComparison.Ordinal);
    }

    // A link target ends at a space or an unbalanced parenthesis: those are percent-encoded (a URL means the same).
    private static string MarkdownTarget(string url) =>
        url.AsSpan().IndexOfAny(" ()<>\n\r\t") < 0
            ? url
            : url.Replace(" ", "%20", StringComparison.Ordinal)
                .Replace("(", "%28", StringComparison.Ordinal)
                .Replace(")", "%29", StringComparison.Ordinal)
                .Replace("<", "%3C", StringComparison.Ordinal)
                .Replace(">", "%3E", StringComparison.Ordinal)
                .Replace("\n", "%0A", StringComparison.Ordinal)
                .Replace("\r", "%0D", StringComparison.Ordinal)
                .Replace("\t", "%09", StringComparison.Ordinal);
}
