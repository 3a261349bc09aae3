using G4F.Backend.Events;

namespace G4F.Backend.Media;

/// <summary>
/// How a provider yields media (PROTOCOL 3.5): a <see cref="ContentEvent"/> whose <see cref="ContentEvent.Urls"/> (and
/// <see cref="ContentEvent.Alt"/>) name the media and whose content is the provider's own rendering, markdown images or
/// video elements; audio is a content event whose <see cref="ContentEvent.Data"/> is a URL or data URI. Providers and
/// tests build them here, so the media download step of a turn recognises every one the same way.
/// </summary>
internal static class MediaEvents
{
    private const string VideoElement = "<video";

    /// <summary>Images: <c>[![alt](url)](url)</c> per URL.</summary>
    public static ContentEvent Images(IReadOnlyList<string> urls, string? alt)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new ContentEvent(MediaMarkup.ImageMarkdown(urls, alt)) { Urls = urls, Alt = alt };
    }

    /// <summary>Videos: <c>&lt;video src="url"&gt;&lt;/video&gt;</c> per URL.</summary>
    public static ContentEvent Videos(IReadOnlyList<string> urls, string? alt)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new ContentEvent(MediaMarkup.Videos(urls)) { Urls = urls, Alt = alt };
    }

    /// <summary>Audio at a URL or in a data URI, with its transcript when known.</summary>
    public static ContentEvent Audio(string data, string? transcript = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(data);
        return new ContentEvent(MediaMarkup.Audio(data, transcript)) { Data = data };
    }

    /// <summary>Whether <paramref name="content"/> is a media block of images or videos (it has URLs).</summary>
    public static bool IsVisualMedia(ContentEvent content) => content.Urls is { Count: > 0 };

    /// <summary>Whether <paramref name="content"/> is audio (it has data and no URLs).</summary>
    public static bool IsAudio(ContentEvent content) => content.Urls is null or { Count: 0 } && !string.IsNullOrEmpty(content.Data);

    /// <summary>Whether the provider rendered the media block as video.</summary>
    public static bool IsVideo(ContentEvent content) => content.Content.AsSpan().TrimStart().StartsWith(VideoElement, StringComparison.OrdinalIgnoreCase);
}
