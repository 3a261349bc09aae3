using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Credentials;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Credentials;

/// <summary>
/// <c>POST /upload_cookies</c> (PROTOCOL 10): one <c>.json</c> or <c>.har</c> file in the multipart field <c>file</c>.
/// Success answers the original's plain <c>File saved</c> (the client only checks the status); refusals use the JSON
/// envelope with the original's texts and proper statuses (PROTOCOL 1.3, 15). The answer never echoes the file.
/// </summary>
internal static class CookieUploadEndpoint
{
    /// <summary>Room for the part headers and boundaries around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    private const string NotSupported = "Not supported file";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/upload_cookies", HandleAsync).DisableAntiforgery();
        api.MapMethodNotAllowed("/upload_cookies", HttpMethods.Post);
    }

    private static async Task<IResult> HandleAsync(HttpContext context, CookieUploadService cookies)
    {
        var request = context.Request;
        var maxBytes = cookies.MaxFileBytes;
        if (MultipartForm.Boundary(request.ContentType) is not { } boundary)
        {
            // Without a multipart body there is no field "file": the original's missing-field case.
            return ErrorResults.BadRequest(NotSupported);
        }

        if (request.ContentLength > maxBytes + MultipartOverhead)
        {
            return TooLarge(maxBytes);
        }

        RequestBody.ApplyLimit(request, maxBytes + MultipartOverhead);
        var cancellationToken = context.RequestAborted;
        try
        {
            var reader = MultipartForm.Reader(request, boundary);
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                // filename="" (a form sent with no file chosen) still makes the part a file field, as in the original.
                if (disposition is null || !(disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
                    || !"file".Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = cookies.CheckFileName(MultipartForm.ClientFileName(disposition));
                if (name.IsRefused)
                {
                    return ErrorResults.From(name.Refusal);
                }

                if (await ReadCappedAsync(section.Body, maxBytes, cancellationToken).ConfigureAwait(false) is not { } content)
                {
                    return TooLarge(maxBytes);
                }

                return await cookies.SaveAsync(name.Value, content, cancellationToken).ConfigureAwait(false) is { } refusal
                    ? ErrorResults.From(refusal)
                    : TypedResults.Text("File saved", "text/plain; charset=utf-8");
            }
        }
        catch (BadHttpRequestException ex)
        {
            var refusal = RequestBody.FromServerRefusal(ex, maxBytes);
            return ErrorResults.Error(refusal.StatusCode, refusal.Error!);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return ErrorResults.BadRequest("Invalid multipart body");
        }

        return ErrorResults.BadRequest(NotSupported);
    }

    // The file part into memory (one buffer, no copy of it), or null when it is longer than the limit.
    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IResult TooLarge(long maxBytes) =>
        ErrorResults.Error(StatusCodes.Status413PayloadTooLarge, $"A cookie file may be at most {maxBytes} bytes");
}
