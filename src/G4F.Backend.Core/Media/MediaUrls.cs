namespace G4F.Backend.Media;

/// <summary>The URLs of stored media as events and redirects carry them (PROTOCOL 7.2 step 2, 7.4).</summary>
internal static class MediaUrls
{
    /// <summary>
    /// <c>&lt;mediaBase&gt;/&lt;route&gt;/&lt;name&gt;</c>, plus <c>?url=&lt;source&gt;</c> when the file was fetched from
    /// <paramref name="source"/> (the route can fetch it again from there when the file is gone).
    /// </summary>
    /// <param name="mediaBase">The escaped mount prefix, <c>""</c> or e.g. <c>/g4f</c>.</param>
    /// <param name="route"><c>media</c> or <c>thumbnail</c>.</param>
    /// <param name="name">The stored file name.</param>
    /// <param name="source">The URL the file was fetched from; null for data URIs.</param>
    public static string Local(string mediaBase, string route, string name, string? source) =>
        source is null ? $"{mediaBase}/{route}/{EscapeName(name)}" : $"{mediaBase}/{route}/{EscapeName(name)}?url={QuoteSource(source)}";

    /// <summary>
    /// The stored file name a <c>&lt;mediaBase&gt;/media/&lt;name&gt;[?url=...]</c> URL names (unescaped, not checked: resolve
    /// it with <see cref="MediaLibrary.OpenAsync"/>); null for any other URL, a remote one included.
    /// </summary>
    public static string? NameOf(string url, string mediaBase)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(mediaBase);
        var prefix = $"{mediaBase}/media/";
        if (!url.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = url.AsSpan(prefix.Length).IndexOfAny('?', '#');
        var segment = end < 0 ? url[prefix.Length..] : url.Substring(prefix.Length, end);
        return segment.Length == 0 || segment.Contains('/', StringComparison.Ordinal) ? null : Uri.UnescapeDataString(segment);
    }

    /// <summary>
    /// A stored name as a path segment. Names hold only letters, digits and <c>_.,+-</c> (1.6): only non-ASCII letters
    /// need escaping, and <c>+</c> and <c>,</c> stay readable.
    /// </summary>
    public static string EscapeName(string name) =>
        Uri.EscapeDataString(name).Replace("%2B", "+", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);

    /// <summary>
    /// The source URL percent-encoded with <c>/</c> kept, as Python's <c>quote(url)</c>:
    /// <c>https://img.example.com/a.jpg</c> becomes <c>https%3A//img.example.com/a.jpg</c>.
    /// </summary>
    public static string QuoteSource(string url) => Uri.EscapeDataString(url).Replace("%2F", "/", StringComparison.Ordinal);
}
