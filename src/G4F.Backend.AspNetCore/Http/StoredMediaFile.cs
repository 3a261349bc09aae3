using G4F.Backend.Storage;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Serves a stored media blob as a static file: content type from its name's extension, <c>nosniff</c>, long caching, an
/// ETag and Last-Modified for 304s, and byte ranges (PROTOCOL 6.5, 7.3). Shared by the bucket media, the media library and
/// the <c>/create</c> routes.
/// </summary>
internal static class StoredMediaFile
{
    /// <summary>
    /// The result for <paramref name="file"/>, with <paramref name="cacheControl"/> set on the response. The result
    /// disposes the blob once written (or answered 304, or HEAD).
    /// </summary>
    public static IResult Serve(HttpContext context, StoredFile file, string cacheControl)
    {
        var blob = file.Blob;
        var lastModified = blob.LastModified.ToUniversalTime();

        // The tag follows the served blob: a thumbnail differs from its full file under the same name.
        var entityTag = FileVersionTag.Of(lastModified, blob.Length);
        context.Response.Headers.CacheControl = cacheControl;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(blob.Content, file.ContentType, lastModified: lastModified, entityTag: entityTag, enableRangeProcessing: true);
    }

    /// <summary>
    /// The origin (<c>scheme://host[:port]</c>) the request reached this server at: URLs with its host and port name this
    /// server's own files (Core's ServerOrigin rule, whatever the http(s) scheme).
    /// </summary>
    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";
}
