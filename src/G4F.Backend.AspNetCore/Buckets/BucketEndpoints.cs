using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// The bucket routes: upload (PROTOCOL 6.2), read as text or events (6.3) and <c>DELETE /files/{bucket_id}</c> (6.4),
/// with which the client also stops sharing a chat. When the host identifies callers only a bucket's owner may upload
/// into it or delete it (<see cref="BucketOwners"/>); reading stays open.
/// </summary>
internal static partial class BucketEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/files/{bucketId}", BucketUploadEndpoint.HandleAsync).DisableAntiforgery();
        api.MapGet("/files/{bucketId}", (string bucketId, HttpContext context, IBucketStore store, BucketOwners owners) => ReadAsync(bucketId, context, store, owners, stream: false));
        api.MapGet("/files/{bucketId}/stream", (string bucketId, HttpContext context, IBucketStore store, BucketOwners owners) => ReadAsync(bucketId, context, store, owners, stream: true));
        api.MapDelete("/files/{bucketId}", async Task<IResult> (string bucketId, HttpContext context, BucketFolders buckets, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            if (!SafeName.TrySanitize(bucketId, out var id))
            {
                return ErrorResults.BadRequest("Invalid bucket id");
            }

            try
            {
                // The share of the same id goes with the folder: the bucket's owner is the share's owner.
                var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
                var (access, deleted) = await buckets.DeleteAsync(id, caller, cancellationToken).ConfigureAwait(false);
                return Callers.Refusal(access)
                    ?? (deleted
                        ? TypedResults.Json(new BucketMessage("Bucket deleted successfully"), BucketJsonContext.Default.BucketMessage)
                        : ErrorResults.NotFound("Bucket directory not found"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The reason stays in the log: it names paths of the server.
                LogDeleteFailed(loggers.CreateLogger(typeof(BucketEndpoints)), id, ex);
                return ErrorResults.Error(StatusCodes.Status500InternalServerError, "Error deleting bucket");
            }
        });
    }

    private static async Task<IResult> ReadAsync(string bucketId, HttpContext context, IBucketStore store, BucketOwners owners, bool stream)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return ErrorResults.BadRequest("Invalid bucket id");
        }

        if (!await store.ExistsAsync(id, context.RequestAborted).ConfigureAwait(false))
        {
            return ErrorResults.NotFound("Bucket directory not found");
        }

        // Anyone with the id reads the text, but only the bucket's owner (or an administrator) runs its downloads.json and
        // clears its lists: another reader must not spend the owner's downloads nor change what the owner's next read shows.
        var manage = await owners.ManagesAsync(id, await Callers.IdentifyAsync(context).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
        var request = context.Request;
        var events = stream || request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        return new BucketReadResult(id, events, manage, manage && Flag(request.Query, "delete_files", true), Flag(request.Query, "refine_chunks_with_spacy", false));
    }

    // The original's presence semantics: any non-empty value is true (even "false" or "0"), an empty one false.
    private static bool Flag(IQueryCollection query, string key, bool absent) =>
        query.TryGetValue(key, out var values) ? !string.IsNullOrEmpty(values[0]) : absent;

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting bucket {BucketId} failed")]
    private static partial void LogDeleteFailed(ILogger logger, string bucketId, Exception exception);
}
