using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Where the backend is mounted (PROTOCOL 1.1): the host's path base and the <c>MapG4FBackend</c> prefix, read from a
/// request to a known route, so URLs of this server's own routes (<c>/media/...</c>) built for that request move with the mount.
/// </summary>
internal static class MountPath
{
    /// <summary>
    /// The URL-escaped request path without its trailing <paramref name="routePath"/> (e.g. <c>/backend-api/v2/conversation</c>):
    /// <c>""</c> at the root, <c>/g4f</c> under a prefix; <c>""</c> when the path does not end with the route.
    /// </summary>
    public static string Of(HttpRequest request, string routePath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = (request.PathBase + request.Path).ToUriComponent().TrimEnd('/');
        return path.EndsWith(routePath, StringComparison.OrdinalIgnoreCase) ? path[..^routePath.Length] : string.Empty;
    }

    /// <summary>
    /// Like <see cref="Of"/> for a route that ends in values (e.g. <c>/search/{search}</c>): the URL-escaped request path
    /// without its last <paramref name="segments"/> segments.
    /// </summary>
    public static string WithoutLastSegments(HttpRequest request, int segments)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(segments);
        var path = (request.PathBase + request.Path).ToUriComponent().TrimEnd('/');
        var end = path.Length;
        for (var i = 0; i < segments && end > 0; i++)
        {
            end = path.LastIndexOf('/', end - 1);
        }

        return end > 0 ? path[..end] : string.Empty;
    }
}
