using G4F.Backend.Downloads;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// A URL that names one of this server's bucket files, <c>.../files/&lt;bucket&gt;/media|thumbnail/&lt;name&gt;</c>
/// (PROTOCOL 6.5). Such a URL is read from local storage, never fetched (PROTOCOL 7.5): the official client sends
/// these paths relative, or absolute with its own backend's origin.
/// </summary>
internal readonly record struct LocalFileUrl(string BucketId, string Kind, string FileName)
{
    /// <summary>
    /// Parses <paramref name="url"/>: a path (<c>/files/...</c>, also under a prefix) or an absolute URL with the host and
    /// port of <paramref name="serverOrigin"/> (<c>scheme://host[:port]</c>, null when unknown; either http(s) scheme, as
    /// <see cref="ServerOrigin.Owns"/> decides). Segments are sanitised.
    /// </summary>
    public static bool TryParse(string? url, string? serverOrigin, out LocalFileUrl file)
    {
        file = default;
        if (ServerOrigin.PathOnThisServer(url, serverOrigin) is not { } path)
        {
            return false;
        }

        var end = path.IndexOfAny(['?', '#']);
        var segments = (end < 0 ? path : path[..end]).Split('/');
        // The last four segments: files, <bucket>, media|thumbnail, <name>; a prefix may come before them.
        if (segments.Length < 5 || segments[^4] != "files" || segments[^2] is not ("media" or "thumbnail"))
        {
            return false;
        }

        if (!SafeName.TrySanitize(segments[^3], out var bucketId) || !SafeName.TrySanitize(segments[^1], out var name))
        {
            return false;
        }

        file = new LocalFileUrl(bucketId, segments[^2], name);
        return true;
    }
}
