using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Absolute URLs of the backend's <c>GET /media/{name}</c> route for a request to the OpenAI front door. The two are
/// mapped by different steps, perhaps under different prefixes: the route is found by the name <c>MapG4FBackend</c>
/// gives it (<c>G4F…_GetMedia</c>, the first mount when there are several), and the link generator adds the
/// request's scheme, host and path base.
/// </summary>
internal static class MediaRouteLink
{
    private const string NameSuffix = "_GetMedia";

    /// <summary>The name of the media route, or null when <c>MapG4FBackend</c> is not mapped.</summary>
    public static string? FindRouteName(EndpointDataSource endpoints) =>
        endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .FirstOrDefault(n => n is not null && n.StartsWith("G4F", StringComparison.Ordinal) && n.EndsWith(NameSuffix, StringComparison.Ordinal));

    /// <summary>The absolute URL of the stored file <paramref name="fileName"/>.</summary>
    public static string For(HttpContext context, LinkGenerator links, string routeName, string fileName) =>
        links.GetUriByName(context, routeName, new { name = fileName })
            ?? throw new InvalidOperationException($"The media route '{routeName}' could not link '{fileName}'.");
}
