using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Buckets;
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
        group.MapMethods(Pattern, [HttpMethods.Get, HttpMethods.Head], async Task<IResult> (string bucketId, string kind, string filename, HttpContext context, BucketService buckets) =>
        {
            if (kind is not (Media or Thumbnail))
            {
                return ErrorResults.BadRequest("Invalid file type");
            }

            // A fetched copy lives outside the bucket (never in its quota) and is served whole, also for a thumbnail.
            var url = context.Request.Query["url"].ToString();
            var file = await buckets.OpenMediaAsync(bucketId, filename, thumbnail: kind == Thumbnail, url, StoredMediaFile.Origin(context.Request), context.RequestAborted).ConfigureAwait(false);

            // Bucket files are one user's files: "private", so a shared cache (a proxy, a CDN) does not keep them.
            return file.IsRefused
                ? ErrorResults.From(file.Refusal)
                : StoredMediaFile.Serve(context, file.Value, "private, max-age=31536000");
        });

        group.MapMethodNotAllowed(Pattern, HttpMethods.Get);
    }
}
