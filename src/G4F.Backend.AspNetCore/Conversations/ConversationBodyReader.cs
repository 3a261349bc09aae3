using System.Text;
using G4F.Backend.AspNetCore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary>
/// Reads the conversation request: a raw JSON body whatever its content type (as the original does), or
/// a form with the JSON in its <c>json</c> field. Bodies over the limit are refused, never read whole.
/// </summary>
internal static class ConversationBodyReader
{
    public static async Task<BodyReadResult> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } contentType && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        var (bytes, error) = await RequestBody.ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (error is { } refused)
        {
            return refused;
        }

        var parsed = RequestBody.ParseObject(bytes!.WrittenMemory);
        if (parsed.Body is null && request.HasFormContentType)
        {
            // A url-encoded form carries the JSON in its "json" field; curl -d sends raw JSON with this
            // content type too, which is why the raw body is tried first.
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes.WrittenSpan));
            return form.TryGetValue("json", out var json) && json.ToString() is { Length: > 0 } text
                ? RequestBody.ParseObject(Encoding.UTF8.GetBytes(text))
                : parsed;
        }

        return parsed;
    }

    private static async Task<BodyReadResult> ReadMultipartAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return BodyReadResult.TooLarge(maxBytes);
        }

        RequestBody.ApplyLimit(request, maxBytes);
        var limit = (int)Math.Min(maxBytes, int.MaxValue);
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = maxBytes,
            ValueLengthLimit = limit,
            BufferBodyLengthLimit = maxBytes,
        }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return RequestBody.FromServerRefusal(ex, maxBytes);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return BodyReadResult.TooLarge(maxBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Malformed boundaries, or a body that ends in the middle of a part.
            return BodyReadResult.Invalid("Invalid multipart body");
        }

        var json = form["json"].ToString();
        return string.IsNullOrEmpty(json) ? BodyReadResult.Invalid(RequestBody.InvalidJson) : RequestBody.ParseObject(Encoding.UTF8.GetBytes(json));
    }
}
