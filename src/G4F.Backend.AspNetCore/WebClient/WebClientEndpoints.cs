using System.Runtime.InteropServices;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.WebClient;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;

namespace G4F.Backend.AspNetCore.WebClient;

/// <summary>
/// <c>/chat/</c> and <c>/dist/</c>: the official web client's pages and assets, as the original g4f GUI serves them
/// (<c>/chat/</c> is <c>chat/index.html</c>, <c>/chat/name</c> without an extension is <c>chat/name.html</c>).
/// </summary>
internal static class WebClientEndpoints
{
    private const string IndexPage = "chat/index.html";

    // The pages change with the client and must be checked on every load; assets are revalidated after an hour.
    private const string PageCaching = "no-cache";
    private const string AssetCaching = "public, max-age=3600";

    // A busy answer (too many distinct files loading) clears as the loads end, each within the downloader's time cap.
    private const string BusyRetryAfterSeconds = "5";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(RouteGroupBuilder group, WebClientFiles files)
    {
        // Routing ignores a trailing slash, so this also matches "/chat": that one is sent to "/chat/", or the page's
        // relative "../dist/" links would resolve above the mount. HEAD answers as GET does, as the original's GUI server
        // does, without the body (HeadResult).
        group.MapMethods("/chat/{**path}", Methods, (string? path, HttpContext context, CancellationToken cancellationToken) =>
            string.IsNullOrEmpty(path) && !context.Request.Path.Value!.EndsWith('/')
                ? Task.FromResult<IResult>(TypedResults.Redirect($"{context.Request.PathBase}{context.Request.Path}/"))
                : ServeAsync(files, PagePath(path), context, cancellationToken));
        group.MapMethods("/dist/{**path}", Methods, (string? path, HttpContext context, CancellationToken cancellationToken) =>
            ServeAsync(files, "dist/" + path, context, cancellationToken));
    }

    private static string PagePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return IndexPage;
        }

        var name = path.EndsWith('/') ? path + "index" : path;
        return "chat/" + (Path.HasExtension(name) ? name : name + ".html");
    }

    private static async Task<IResult> ServeAsync(WebClientFiles files, string relativePath, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await FindAsync(files, relativePath, context, cancellationToken).ConfigureAwait(false);
        return HttpMethods.IsHead(context.Request.Method) ? new HeadResult(result) : result;
    }

    private static async Task<IResult> FindAsync(WebClientFiles files, string relativePath, HttpContext context, CancellationToken cancellationToken)
    {
        var file = await files.FindAsync(relativePath, cancellationToken).ConfigureAwait(false);
        if (file.Status == WebClientFileStatus.Found)
        {
            var name = file.PhysicalPath ?? relativePath;
            var contentType = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = contentType.StartsWith("text/html", StringComparison.Ordinal) ? PageCaching : AssetCaching;
            if (file.PhysicalPath is null)
            {
                // A fetched copy: its fetch time stands where a file's write time would, the same on every instance.
                var fetched = file.FetchedAt!.Value;
                var version = FileVersionTag.Of(fetched, file.Content.Length);
                return MemoryMarshal.TryGetArray(file.Content, out var segment)
                    ? TypedResults.Stream(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), contentType, lastModified: fetched, entityTag: version)
                    : TypedResults.Bytes(file.Content, contentType, lastModified: fetched, entityTag: version);
            }

            var info = new FileInfo(file.PhysicalPath);
            var tag = FileVersionTag.Of(info.LastWriteTimeUtc, info.Length);
            return TypedResults.PhysicalFile(info.FullName, contentType, lastModified: info.LastWriteTimeUtc, entityTag: tag);
        }

        if (file.Status == WebClientFileStatus.Busy)
        {
            // The route's failure answers (the how-to page, plain text for an asset), told when to come back.
            context.Response.Headers.RetryAfter = BusyRetryAfterSeconds;
            return relativePath == IndexPage
                ? OfflinePage.BusyResult()
                : TypedResults.Text("The server is loading many of the web client's files; try again shortly.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // The client's front page never answers a bare 404: the visitor learns how to get the client.
        if (relativePath == IndexPage)
        {
            return OfflinePage.Result(files.IsLocal);
        }

        return file.Status == WebClientFileStatus.Unavailable
            ? TypedResults.Text("The web client's file could not be fetched; see /chat/ for how to serve the client locally.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Text("Not found.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }
}
