using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Media;

/// <summary>
/// <c>GET /images/{name}</c>, <c>/media/{name}</c> and <c>/thumbnail/{name}</c> (PROTOCOL 7.3), under the prefix root:
/// a file of the media folder as a static file (long public cache, ETag, 304, ranges). <c>/thumbnail/</c> serves a real
/// thumbnail, created once, or the full file. A missing file with <c>?url=</c> is fetched through the safe downloader,
/// never redirected to (14.4).
/// </summary>
internal static class MediaEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        foreach (var kind in (string[])["images", "media", "thumbnail"])
        {
            var pattern = $"/{kind}/{{name}}";
            var thumbnail = kind == "thumbnail";
            group.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], (string name, HttpContext context, MediaLibrary library, MediaUrlFallback fallback) =>
                ServeAsync(name, thumbnail, context, library, fallback));
            group.MapMethodNotAllowed(pattern, HttpMethods.Get);
        }
    }

    private static async Task<IResult> ServeAsync(string name, bool thumbnail, HttpContext context, MediaLibrary library, MediaUrlFallback fallback)
    {
        // Sanitising (1.6) leaves no separator and no "..": the path cannot leave the media folder.
        var path = library.PathOf(name);
        if (path is null)
        {
            return ErrorResults.NotFound("File not found");
        }

        if (!File.Exists(path))
        {
            var url = context.Request.Query["url"].ToString();
            var origin = $"{context.Request.Scheme}://{context.Request.Host.Value}";
            if (url.Length == 0 || !await fallback.FetchAsync(name, url, origin, context.RequestAborted).ConfigureAwait(false))
            {
                return ErrorResults.NotFound("File not found");
            }
        }

        if (thumbnail && await library.ThumbnailAsync(path, context.RequestAborted).ConfigureAwait(false) is { } small)
        {
            path = small;
        }

        return Serve(context, path);
    }

    private static IResult Serve(HttpContext context, string path)
    {
        var file = new FileInfo(path);
        var lastModified = new DateTimeOffset(file.LastWriteTimeUtc);

        // The tag follows the served file (a thumbnail differs from its full file under the same name).
        var entityTag = new EntityTagHeaderValue($"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\"");

        // Stored media never change under their name (the name carries a hash of the source): anyone may cache them.
        context.Response.Headers.CacheControl = "public, max-age=31536000";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var contentType = MediaTypes.ContentTypeOf(file.Name) ?? "application/octet-stream";
        return TypedResults.PhysicalFile(path, contentType, lastModified: lastModified, entityTag: entityTag, enableRangeProcessing: true);
    }
}
