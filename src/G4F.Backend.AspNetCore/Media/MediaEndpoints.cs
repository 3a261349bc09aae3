using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
            group.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], (string name, HttpContext context, MediaService media) =>
                ServeAsync(name, thumbnail, context, media));
            group.MapMethodNotAllowed(pattern, HttpMethods.Get);
        }
    }

    private static async Task<IResult> ServeAsync(string name, bool thumbnail, HttpContext context, MediaService media)
    {
        // Sanitising (1.6) leaves no separator and no "..": the name cannot leave the media library.
        var url = context.Request.Query["url"].ToString();
        var file = await media.OpenAsync(name, thumbnail, url, StoredMediaFile.Origin(context.Request), context.RequestAborted).ConfigureAwait(false);

        // Stored media never change under their name (the name carries a hash of the source): anyone may cache them.
        return file.IsRefused
            ? ErrorResults.From(file.Refusal)
            : StoredMediaFile.Serve(context, file.Value, "public, max-age=31536000");
    }
}
