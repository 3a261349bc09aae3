using System.Runtime.CompilerServices;
using G4F.Backend.AspNetCore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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

    private static readonly ConditionalWeakTable<IReadOnlyList<Endpoint>, (string Name, MountMetadata? Mount)[]> MediaRoutes = new();

    /// <summary>The name of the media route for a request to <paramref name="requestPath"/>, or null when <c>MapG4FBackend</c> is not mapped.</summary>
    public static string? FindRouteName(EndpointDataSource endpoints, PathString requestPath) => Find(endpoints, requestPath)?.Name;

    /// <summary>
    /// The URL-escaped path prefix of that media route for <paramref name="request"/> (its path base and mount, <c>""</c> at
    /// the root), the <c>MediaBase</c> of a turn whose answer names stored media; <c>""</c> without <c>MapG4FBackend</c>.
    /// </summary>
    public static string MediaBase(HttpRequest request, EndpointDataSource endpoints) => MountPath.Of(request, Find(endpoints, request.Path)?.Mount);

    private static (string Name, MountMetadata? Mount)? Find(EndpointDataSource endpoints, PathString requestPath)
    {
        (string Name, MountMetadata? Mount)? chosen = null;
        var chosenScore = int.MinValue;
        foreach (var route in RoutesOf(endpoints))
        {
            var score = route.Mount?.Literal is { } mount && requestPath.StartsWithSegments(mount, StringComparison.OrdinalIgnoreCase) ? mount.Length : -1;
            if (score > chosenScore)
            {
                (chosen, chosenScore) = (route, score);
            }
        }

        return chosen;
    }

    // Scanned once per endpoint list: a data source hands out a new list when its endpoints change, and every chat
    // completion asks (a scan of every endpoint per request would be work on the hot path that buys nothing).
    private static (string Name, MountMetadata? Mount)[] RoutesOf(EndpointDataSource endpoints) =>
        MediaRoutes.GetValue(endpoints.Endpoints, static list =>
        [
            .. list.OfType<RouteEndpoint>()
                .Select(e => (Endpoint: e, Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
                .Where(e => e.Name is not null && e.Name.StartsWith("G4F", StringComparison.Ordinal) && e.Name.EndsWith(NameSuffix, StringComparison.Ordinal))
                .Select(e => (e.Name!, e.Endpoint.Metadata.GetMetadata<MountMetadata>())),
        ]);

    /// <summary>The absolute URL of the stored file <paramref name="fileName"/>.</summary>
    public static string For(HttpContext context, LinkGenerator links, string routeName, string fileName) =>
        links.GetUriByName(context, routeName, new { name = fileName })
            ?? throw new InvalidOperationException($"The media route '{routeName}' could not link '{fileName}'.");
}
