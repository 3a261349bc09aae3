using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Buckets;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary><c>DELETE /files/{bucket_id}</c> (PROTOCOL 6.4); the client stops sharing a chat this way.</summary>
internal static partial class BucketEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapDelete("/files/{bucketId}", async Task<IResult> (string bucketId, BucketFolders buckets, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            if (!SafeName.TrySanitize(bucketId, out var id))
            {
                return ErrorResults.BadRequest("Invalid bucket id");
            }

            try
            {
                return await buckets.DeleteAsync(id, cancellationToken).ConfigureAwait(false)
                    ? TypedResults.Json(new BucketMessage("Bucket deleted successfully"), BucketJsonContext.Default.BucketMessage)
                    : ErrorResults.NotFound("Bucket directory not found");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The reason stays in the log: it names paths of the server.
                LogDeleteFailed(loggers.CreateLogger(typeof(BucketEndpoints)), id, ex);
                return ErrorResults.Error(StatusCodes.Status500InternalServerError, "Error deleting bucket");
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting bucket {BucketId} failed")]
    private static partial void LogDeleteFailed(ILogger logger, string bucketId, Exception exception);
}
