using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Where the backend is mounted (PROTOCOL 1.1), one rule for every route: the host's path base and the part of the
/// request path that matched the prefix its route group was mapped under (<see cref="MountMetadata"/>), so URLs of this
/// server's own routes (<c>/media/...</c>) built for that request move with the mount.
/// </summary>
internal static class MountPath
{
    /// <summary>The API's routes below the mount.</summary>
    public const string BackendApi = "/backend-api/v2";

    /// <summary>
    /// The URL-escaped mount of the route <paramref name="context"/> matched: <c>""</c> at the root, <c>/g4f</c> under a
    /// prefix, spelled as the request spelled it.
    /// </summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mount = context.GetEndpoint()?.Metadata.GetMetadata<MountMetadata>()
            ?? throw new InvalidOperationException("The route is not mapped by a G4F mapping step.");
        var path = context.Request.Path.ToUriComponent();
        return context.Request.PathBase.ToUriComponent() + path[..SegmentsEnd(path, mount.Segments)];
    }

    /// <summary>
    /// The URL-escaped path of another route group's <paramref name="mount"/> for <paramref name="request"/> (the host's
    /// path base and the prefix as mapped); the path base alone without a mount or when the prefix has parameters.
    /// </summary>
    public static string Of(HttpRequest request, MountMetadata? mount)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PathBase.ToUriComponent() + new PathString(mount?.Literal ?? string.Empty).ToUriComponent();
    }

    /// <summary>A route's path (<c>/g4f/media/{name}</c>) without the <paramref name="mount"/> it was mapped under (<c>/media/{name}</c>).</summary>
    public static string BelowMount(string path, MountMetadata mount)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mount);
        return path[SegmentsEnd(path, mount.Segments)..];
    }

    // The end of the first `segments` segments of a path that starts with '/'; a route's segments are one to one with
    // the request's (routing splits on '/' and matches no empty segment), whatever their length or escaping.
    private static int SegmentsEnd(string path, int segments)
    {
        var end = 0;
        for (var i = 0; i < segments; i++)
        {
            var next = path.IndexOf('/', end + 1);
            if (next < 0)
            {
                return path.Length;
            }

            end = next;
        }

        return end;
    }
}
