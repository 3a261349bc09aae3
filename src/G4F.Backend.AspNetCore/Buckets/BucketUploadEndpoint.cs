using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Buckets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// <c>POST /files/{bucket_id}</c> (PROTOCOL 6.2). The multipart body is read as a stream, part by part, into a
/// staging folder inside the data directory (form binding would buffer it in a temp folder elsewhere first); only
/// when the whole request fits the limits are the files converted and committed.
/// </summary>
internal static class BucketUploadEndpoint
{
    /// <summary>
    /// Room for part headers and boundaries on top of <see cref="BucketOptions.MaxRequestBytes"/>: every allowed file
    /// part (plus one for the closing boundary and stray fields) may carry full headers.
    /// </summary>
    public static long MultipartOverhead(BucketOptions limits) =>
        (limits.MaxFilesPerRequest + 1L) * (MultipartForm.MaxPartHeaderBytes + MultipartForm.MaxBoundaryLength + 8);

    public static async Task<IResult> HandleAsync(string bucketId, HttpContext context, BucketService buckets)
    {
        // Before the body is read: a refused caller costs no upload.
        var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
        var authorized = await buckets.AuthorizeUploadAsync(bucketId, caller, context.RequestAborted).ConfigureAwait(false);
        if (authorized.IsRefused)
        {
            return ErrorResults.From(authorized.Refusal);
        }

        using var upload = authorized.Value;
        var request = context.Request;
        if (MultipartForm.Boundary(request.ContentType) is not { } boundary)
        {
            return ErrorResults.Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be multipart/form-data with a boundary");
        }

        var limits = upload.Limits;
        var bodyLimit = limits.MaxRequestBytes + MultipartOverhead(limits);
        if (request.ContentLength > bodyLimit)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"An upload may be at most {limits.MaxRequestBytes} bytes");
        }

        // Kestrel's own 30 MB default would cut uploads the options allow.
        RequestBody.ApplyLimit(request, bodyLimit);
        var cancellationToken = context.RequestAborted;
        if (await upload.StartAsync(cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return ErrorResults.From(failed);
        }

        if (await StageAsync(request, boundary, upload, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var outcome = await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (outcome.IsStored)
        {
            var result = outcome.Stored;
            return TypedResults.Json(new BucketUploadResponse(upload.BucketId, result.Files, result.Media, result.Errors), BucketJsonContext.Default.BucketUploadResponse);
        }

        // A commit that failed midway lists what is in the bucket now.
        return outcome.Stored is { } stored
            ? TypedResults.Json(
                new BucketCommitFailureResponse(new ErrorDetail(outcome.Refusal.Message), upload.BucketId, stored.Files, stored.Media, stored.Errors),
                BucketJsonContext.Default.BucketCommitFailureResponse,
                statusCode: ErrorResults.StatusOf(outcome.Refusal.Kind))
            : ErrorResults.From(outcome.Refusal);
    }

    // Reads the multipart body into the staging folder; a refusal of the body, or null when all parts are staged.
    private static async Task<IResult?> StageAsync(HttpRequest request, string boundary, BucketUpload upload, CancellationToken cancellationToken)
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

                if (await upload.AddFileAsync(MultipartForm.ClientFileName(disposition), section.ContentType, section.Body, cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    return ErrorResults.From(refused);
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            var refusal = RequestBody.FromServerRefusal(ex, upload.Limits.MaxRequestBytes);
            return ErrorResults.Error(refusal.StatusCode, refusal.Error!);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Only the body is read here (disk failures are refusals of the upload): a broken body is the client's error.
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
}
