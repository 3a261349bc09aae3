using System.Web;
using G4F.Backend.Downloads;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>
/// A URL that names a file of this server's media folder, <c>.../media|images|thumbnail/&lt;name&gt;</c> (PROTOCOL 7.3),
/// relative or with the request's origin; a prefix may come before it and a query (<c>?url=</c>) after it. Such a URL is
/// read from local storage, never fetched.
/// </summary>
/// <param name="Kind"><c>media</c>, <c>images</c> or <c>thumbnail</c>.</param>
/// <param name="FileName">The sanitised media name.</param>
/// <param name="FallbackUrl">The query's <c>url</c> (decoded), the copy that stands in for a missing file; empty without one.</param>
internal readonly record struct LocalMediaUrl(string Kind, string FileName, string FallbackUrl)
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

        // From the URL as given: the path of an absolute one comes without its query.
        var question = url!.IndexOf('?', StringComparison.Ordinal);
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var query = question < 0 || (hash >= 0 && hash < question) ? string.Empty : hash < 0 ? url[(question + 1)..] : url[(question + 1)..hash];
        file = new LocalMediaUrl(segments[^2], name, HttpUtility.ParseQueryString(query)["url"] ?? string.Empty);
        return true;
    }
}
