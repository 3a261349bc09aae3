using G4F.Backend.Downloads;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>
/// A URL that names a file of this server's media folder, <c>.../media|images|thumbnail/&lt;name&gt;</c> (PROTOCOL 7.3),
/// relative or with the request's origin; a prefix may come before it and a query (<c>?url=</c>) after it. Such a URL is
/// read from local storage, never fetched.
/// </summary>
internal readonly record struct LocalMediaUrl(string Kind, string FileName)
{
    /// <summary>Parses <paramref name="url"/>; the name is sanitised and must have a media extension.</summary>
    public static bool TryParse(string? url, string? serverOrigin, out LocalMediaUrl file)
    {
        file = default;
        if (ServerOrigin.PathOnThisServer(url, serverOrigin) is not { } path)
        {
            return false;
        }

        var end = path.IndexOfAny(['?', '#']);
        var segments = (end < 0 ? path : path[..end]).Split('/');
        if (segments.Length < 3 || segments[^2] is not ("media" or "images" or "thumbnail")
            || !SafeName.TrySanitize(Uri.UnescapeDataString(segments[^1]), out var name) || !MediaTypes.IsMedia(name))
        {
            return false;
        }

        file = new LocalMediaUrl(segments[^2], name);
        return true;
    }
}
