using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Absolute URLs of the backend's <c>GET /media/{name}</c> route for a request to the OpenAI front door. The two are
/// mapped by different steps, perhaps under different prefixes: the route is found by the name <c>MapG4FBackend</c>
/// gives it (<c>G4F…_GetMedia</c>), and the link generator adds the request's scheme, host and path base. With several
/// mounts, the one the request came through wins (the longest mount prefix of its path, so a front door mapped under
/// <c>/internal</c> links <c>/internal/media/</c> with that mount's authorization), else the first.
/// </summary>
internal static class MediaRouteLink
{
    private const string NameSuffix = "_GetMedia";

    // The media route's own segments after its mount: "media" and "{name}".
    private const int RouteSegments = 2;

    /// <summary>The name of the media route for a request to <paramref name="requestPath"/>, or null when <c>MapG4FBackend</c> is not mapped.</summary>
    public static string? FindRouteName(EndpointDataSource endpoints, PathString requestPath)
    {
        string? chosen = null;
        var chosenScore = int.MinValue;
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name
                || !name.StartsWith("G4F", StringComparison.Ordinal) || !name.EndsWith(NameSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var mount = MountOf(endpoint.RoutePattern);
            var score = mount is not null && requestPath.StartsWithSegments(mount, StringComparison.OrdinalIgnoreCase) ? mount.Length : -1;
            if (score > chosenScore)
            {
                (chosen, chosenScore) = (name, score);
            }
        }

        return chosen;
    }

    /// <summary>The absolute URL of the stored file <paramref name="fileName"/>.</summary>
    public static string For(HttpContext context, LinkGenerator links, string routeName, string fileName) =>
        links.GetUriByName(context, routeName, new { name = fileName })
            ?? throw new InvalidOperationException($"The media route '{routeName}' could not link '{fileName}'.");

    // The literal prefix the media route was mounted under ("" at the root); null when the prefix has parameters.
    private static string? MountOf(RoutePattern pattern)
    {
        var mount = pattern.PathSegments.Take(pattern.PathSegments.Count - RouteSegments).ToList();
        return mount.All(s => s.Parts is [RoutePatternLiteralPart])
            ? string.Concat(mount.Select(s => "/" + ((RoutePatternLiteralPart)s.Parts[0]).Content))
            : null;
    }
}
