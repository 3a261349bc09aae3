using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// <c>GET /files/{bucket_id}/media|thumbnail/{filename}</c> (PROTOCOL 6.5), under the prefix root: a bucket's media
/// file or its thumbnail as a static file (ETag, 304, ranges, long private cache). A missing file with <c>?url=</c> is fetched
/// through the safe downloader, never redirected to (14.4).
/// </summary>
internal static class BucketMediaEndpoints
{
    private const string Pattern = "/files/{bucketId}/{kind}/{filename}";
    private const string Media = "media";
    private const string Thumbnail = "thumbnail";

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapMethods(Pattern, [HttpMethods.Get, HttpMethods.Head], async Task<IResult> (string bucketId, string kind, string filename, HttpContext context, BucketMediaFetcher media) =>
        {
            if (kind is not (Media or Thumbnail))
            {
                return ErrorResults.BadRequest("Invalid file type");
            }

            if (!SafeName.TrySanitize(bucketId, out var id))
            {
                return ErrorResults.BadRequest("Invalid bucket id");
            }

            if (!SafeName.TrySanitize(filename, out var name))
            {
                return ErrorResults.BadRequest("Invalid file name");
            }

            // A fetched copy lives outside the bucket (never in its quota) and is served whole, also for a thumbnail.
            var url = context.Request.Query["url"].ToString();
            var blob = await media.OpenAsync(id, name, preferThumbnail: kind == Thumbnail, url, StoredMediaFile.Origin(context.Request), context.RequestAborted).ConfigureAwait(false);

            // Bucket files are one user's files: "private", so a shared cache (a proxy, a CDN) does not keep them.
            return blob is null
                ? ErrorResults.NotFound("File not found")
                : StoredMediaFile.Serve(context, blob, name, "private, max-age=31536000");
        });

        group.MapMethodNotAllowed(Pattern, HttpMethods.Get);
    }
}
