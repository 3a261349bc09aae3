using G4F.Backend.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Serves a stored media file as a static file: content type from its extension, <c>nosniff</c>, long caching, an ETag and
/// Last-Modified for 304s, and byte ranges (PROTOCOL 6.5, 7.3). Shared by the bucket media and the media folder routes.
/// </summary>
internal static class StoredMediaFile
{
    /// <summary>The result for <paramref name="path"/> with <paramref name="cacheControl"/> set on the response.</summary>
    public static IResult Serve(HttpContext context, string path, string cacheControl)
    {
        var file = new FileInfo(path);
        var lastModified = new DateTimeOffset(file.LastWriteTimeUtc);

        // The tag follows the served file: a thumbnail differs from its full file under the same name.
        var entityTag = new EntityTagHeaderValue($"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\"");
        context.Response.Headers.CacheControl = cacheControl;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var contentType = MediaTypes.ContentTypeOf(file.Name) ?? "application/octet-stream";
        return TypedResults.PhysicalFile(path, contentType, lastModified: lastModified, entityTag: entityTag, enableRangeProcessing: true);
    }

    /// <summary>The origin (<c>scheme://host[:port]</c>) the request reached this server at: URLs with it name this server's own files.</summary>
    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";
}
