using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Buckets;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// <c>POST /files/{bucket_id}</c> (PROTOCOL 6.2). The multipart body is read as a stream, part by part, into a
/// staging folder inside the data directory (form binding would buffer it in a temp folder elsewhere first); only
/// when the whole request fits the limits are the files converted and committed.
/// </summary>
internal static partial class BucketUploadEndpoint
{
    /// <summary>
    /// Room for part headers and boundaries on top of <see cref="BucketOptions.MaxRequestBytes"/>: every allowed file
    /// part (plus one for the closing boundary and stray fields) may carry full headers.
    /// </summary>
    public static long MultipartOverhead(BucketOptions limits) =>
        (limits.MaxFilesPerRequest + 1L) * (MultipartForm.MaxPartHeaderBytes + MultipartForm.MaxBoundaryLength + 8);

    public static async Task<IResult> HandleAsync(
        string bucketId, HttpContext context, BucketUploader uploader, BucketOwners owners, IOptions<BucketOptions> options, ILoggerFactory loggers)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return ErrorResults.BadRequest("Invalid bucket id");
        }

        // Before the body is read: a refused caller costs no upload. A new bucket becomes the caller's only in the
        // commit, so a refused, broken or abandoned body reserves no id.
        var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
        if (Callers.Refusal(await owners.CheckAsync(id, caller, context.RequestAborted).ConfigureAwait(false)) is { } denied)
        {
            return denied;
        }

        var request = context.Request;
        if (MultipartForm.Boundary(request.ContentType) is not { } boundary)
        {
            return ErrorResults.Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be multipart/form-data with a boundary");
        }

        var limits = options.Value;
        var bodyLimit = limits.MaxRequestBytes + MultipartOverhead(limits);
        if (request.ContentLength > bodyLimit)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"An upload may be at most {limits.MaxRequestBytes} bytes");
        }

        // Kestrel's own 30 MB default would cut uploads the options allow.
        RequestBody.ApplyLimit(request, bodyLimit);
        var cancellationToken = context.RequestAborted;
        try
        {
            using var staging = await uploader.StageAsync(id, context.RequestAborted).ConfigureAwait(false);
            if (await StageAsync(request, boundary, staging, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                return refusal;
            }

            var result = await uploader.CommitAsync(id, staging, caller, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(new BucketUploadResponse(id, result.Files, result.Media, result.Errors), BucketJsonContext.Default.BucketUploadResponse);
        }
        catch (BucketLimitException ex)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, ex.Message);
        }
        catch (BucketCommitException ex)
        {
            // The move's own failure goes to the log; the answer lists what is in the bucket now.
            LogStoreFailed(loggers.CreateLogger(typeof(BucketUploadEndpoint)), id, ex.InnerException!);
            var stored = ex.Stored;
            return TypedResults.Json(
                new BucketCommitFailureResponse(new ErrorDetail(ex.Message), id, stored.Files, stored.Media, stored.Errors),
                BucketJsonContext.Default.BucketCommitFailureResponse,
                statusCode: StatusCodes.Status500InternalServerError);
        }
        catch (BucketAccessDeniedException ex)
        {
            // The bucket was deleted or claimed by another user while this body was read.
            return Callers.Refusal(ex.Decision)!;
        }
        catch (Exception ex) when (ex is BucketStorageException or IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            // Past the request body every failure is the server's disk; the reason names paths and stays in the log.
            LogStoreFailed(loggers.CreateLogger(typeof(BucketUploadEndpoint)), id, ex);
            return ErrorResults.Error(StatusCodes.Status500InternalServerError, BucketStorageException.Failure);
        }
    }

    // Reads the multipart body into the staging folder; a refusal of the body, or null when all parts are staged.
    private static async Task<IResult?> StageAsync(HttpRequest request, string boundary, BucketStaging staging, CancellationToken cancellationToken)
    {
        var sections = 0;
        try
        {
            var reader = MultipartForm.Reader(request, boundary);
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                sections += disposition is null ? 0 : 1;
                if (disposition is null || !disposition.IsFileDisposition() || !"files".Equals(disposition.Name.Value, StringComparison.Ordinal))
                {
                    // Other fields are not part of the protocol; the reader skips their bytes.
                    continue;
                }

                if (FileName(disposition, section.ContentType) is not { } name)
                {
                    return ErrorResults.BadRequest("Invalid file name");
                }

                await staging.AddAsync(name, section.ContentType, section.Body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException ex)
        {
            var refusal = RequestBody.FromServerRefusal(ex, staging.Limits.MaxRequestBytes);
            return ErrorResults.Error(refusal.StatusCode, refusal.Error!);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Only the body is read here (disk failures are BucketStorageException): a broken body is the client's error.
            // A form without entries comes as a bare closing boundary (or nothing), which the reader calls malformed;
            // the original answers it with empty lists, and so do we. Broken bodies with parts, or with headers over the
            // limit, are refused.
            if (sections > 0 || ex is InvalidDataException)
            {
                return ErrorResults.BadRequest("Invalid multipart body");
            }
        }

        return null;
    }

    // PROTOCOL 6.2 step 1: the sanitised client name; a nameless or "blob" media part is named after its type.
    private static string? FileName(ContentDispositionHeaderValue disposition, string? contentType)
    {
        var name = SafeName.Sanitize(MultipartForm.ClientFileName(disposition));
        if ((name.Length == 0 || name == "blob") && MediaTypes.ExtensionFor(contentType) is { } extension)
        {
            name = $"file{extension}";
        }

        return name.Length == 0 ? null : name;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing an upload into bucket {BucketId} failed")]
    private static partial void LogStoreFailed(ILogger logger, string bucketId, Exception exception);
}
