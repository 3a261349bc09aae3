namespace G4F.Backend.Media;

/// <summary>The media extensions and types of PROTOCOL 16.1: what is stored under <c>media/</c> and how it is served.</summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, string> TypeByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpeg"] = "image/jpeg",
        [".jpg"] = "image/jpeg",
        [".png"] = "image/png",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".wav"] = "audio/wav",
        [".mp3"] = "audio/mpeg",
        [".flac"] = "audio/flac",
        [".opus"] = "audio/opus",
        [".ogg"] = "audio/ogg",
        [".m4a"] = "audio/m4a",
        [".mkv"] = "video/x-matroska",
        [".webm"] = "video/webm",
        [".mp4"] = "video/mp4",
        [".mov"] = "video/quicktime",
        [".avi"] = "video/x-msvideo",
        [".ogv"] = "video/ogg",
        [".mpg"] = "video/mpeg",
        [".mpeg"] = "video/mpeg",
    };

    // The reverse map names uploads that came without a usable name (PROTOCOL 6.2 step 1).
    private static readonly Dictionary<string, string> ExtensionByType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = ".jpg",
        ["image/png"] = ".png",
        ["image/gif"] = ".gif",
        ["image/webp"] = ".webp",
        ["audio/wav"] = ".wav",
        ["audio/x-wav"] = ".wav",
        ["audio/wave"] = ".wav",
        ["audio/mpeg"] = ".mp3",
        ["audio/mp3"] = ".mp3",
        ["audio/flac"] = ".flac",
        ["audio/opus"] = ".opus",
        ["audio/ogg"] = ".ogg",
        ["audio/m4a"] = ".m4a",
        ["audio/mp4"] = ".m4a",
        ["audio/webm"] = ".webm",
        ["video/x-matroska"] = ".mkv",
        ["video/webm"] = ".webm",
        ["video/mp4"] = ".mp4",
        ["video/quicktime"] = ".mov",
        ["video/x-msvideo"] = ".avi",
        ["video/ogg"] = ".ogv",
        ["video/mpeg"] = ".mpeg",
    };

    /// <summary>Whether <paramref name="fileName"/> has one of the media extensions.</summary>
    public static bool IsMedia(string fileName) => TypeByExtension.ContainsKey(Path.GetExtension(fileName));

    /// <summary>Whether <paramref name="fileName"/> is an image by its extension.</summary>
    public static bool IsImage(string fileName) => ContentTypeOf(fileName)?.StartsWith("image/", StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="fileName"/> is audio by its extension.</summary>
    public static bool IsAudio(string fileName) => ContentTypeOf(fileName)?.StartsWith("audio/", StringComparison.Ordinal) == true;

    /// <summary>The media type of <paramref name="fileName"/> by its extension, or null when it is not a media file.</summary>
    public static string? ContentTypeOf(string fileName) => TypeByExtension.GetValueOrDefault(Path.GetExtension(fileName));

    /// <summary>The extension (with the dot) for a media <paramref name="contentType"/> (parameters ignored), or null.</summary>
    public static string? ExtensionFor(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return ExtensionByType.GetValueOrDefault((semicolon < 0 ? contentType : contentType[..semicolon]).Trim());
    }
}
