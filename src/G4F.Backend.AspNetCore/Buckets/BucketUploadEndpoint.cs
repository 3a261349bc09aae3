using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Buckets;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// <c>POST /files/{bucket_id}</c> (PROTOCOL 6.2). The multipart body is read as a stream, part by part, into a
/// staging folder inside the data directory (form binding would buffer it in a temp folder elsewhere first); only
/// when the whole request fits the limits are the files converted and committed.
/// </summary>
internal static class BucketUploadEndpoint
{
    /// <summary>Room for part headers and boundaries on top of <see cref="BucketOptions.MaxRequestBytes"/>.</summary>
    public const long MultipartOverhead = 1024 * 1024;

    public static async Task<IResult> HandleAsync(string bucketId, HttpContext context, DataPaths paths, BucketUploader uploader, IOptions<G4FBackendOptions> options)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return ErrorResults.BadRequest("Invalid bucket id");
        }

        var request = context.Request;
        if (Boundary(request.ContentType) is not { } boundary)
        {
            return ErrorResults.Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be multipart/form-data with a boundary");
        }

        var limits = options.Value.Buckets;
        var bodyLimit = limits.MaxRequestBytes + MultipartOverhead;
        if (request.ContentLength > bodyLimit)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"An upload may be at most {limits.MaxRequestBytes} bytes");
        }

        // Kestrel's own 30 MB default would cut uploads the options allow.
        RequestBody.ApplyLimit(request, bodyLimit);
        var cancellationToken = context.RequestAborted;
        using var staging = new BucketStaging(paths, limits, id);
        var sections = 0;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
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
        catch (BucketLimitException ex)
        {
            return ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            var refusal = RequestBody.FromServerRefusal(ex, limits.MaxRequestBytes);
            return ErrorResults.Error(refusal.StatusCode, refusal.Error!);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A form without entries comes as a bare closing boundary (or nothing), which the reader calls malformed;
            // the original answers it with empty lists, and so do we. Broken bodies with parts are refused.
            if (sections > 0)
            {
                return ErrorResults.BadRequest("Invalid multipart body");
            }
        }

        var result = await uploader.CommitAsync(id, staging, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new BucketUploadResponse(id, result.Files, result.Media, result.Errors), BucketJsonContext.Default.BucketUploadResponse);
    }

    private static string? Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }

    // PROTOCOL 6.2 step 1: the sanitised client name; a nameless or "blob" media part is named after its type.
    private static string? FileName(ContentDispositionHeaderValue disposition, string? contentType)
    {
        var raw = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        var name = SafeName.Sanitize(raw);
        if ((name.Length == 0 || name == "blob") && MediaTypes.ExtensionFor(contentType) is { } extension)
        {
            name = $"file{extension}";
        }

        return name.Length == 0 ? null : name;
    }
}
