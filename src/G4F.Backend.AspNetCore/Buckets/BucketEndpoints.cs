using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Buckets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// The bucket routes: upload (PROTOCOL 6.2), read as text or events (6.3) and <c>DELETE /files/{bucket_id}</c> (6.4),
/// with which the client also stops sharing a chat, over <see cref="BucketService"/> (which checks ids and owners).
/// </summary>
internal static class BucketEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/files/{bucketId}", BucketUploadEndpoint.HandleAsync).DisableAntiforgery();
        api.MapGet("/files/{bucketId}", (string bucketId, HttpContext context, BucketService buckets) => ReadAsync(bucketId, context, buckets, stream: false));
        api.MapGet("/files/{bucketId}/stream", (string bucketId, HttpContext context, BucketService buckets) => ReadAsync(bucketId, context, buckets, stream: true));
        api.MapDelete("/files/{bucketId}", async Task<IResult> (string bucketId, HttpContext context, BucketService buckets, CancellationToken cancellationToken) =>
        {
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            var refusal = await buckets.DeleteAsync(bucketId, caller, cancellationToken).ConfigureAwait(false);
            return refusal is null
                ? TypedResults.Json(new BucketMessage("Bucket deleted successfully"), BucketJsonContext.Default.BucketMessage)
                : ErrorResults.From(refusal);
        });
    }

    private static async Task<IResult> ReadAsync(string bucketId, HttpContext context, BucketService buckets, bool stream)
    {
        var request = context.Request;
        var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
        var read = await buckets.PrepareReadAsync(bucketId, caller, Flag(request.Query, "delete_files", true), Flag(request.Query, "refine_chunks_with_spacy", false), context.RequestAborted).ConfigureAwait(false);
        if (read.IsRefused)
        {
            return ErrorResults.From(read.Refusal);
        }

        var events = stream || request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        return new BucketReadResult(read.Value, events);
    }

    // The original's presence semantics: any non-empty value is true (even "false" or "0"), an empty one false.
    private static bool Flag(IQueryCollection query, string key, bool absent) =>
        query.TryGetValue(key, out var values) ? !string.IsNullOrEmpty(values[0]) : absent;
}
