using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    public const string InvalidJson = "Invalid JSON data";

    public static async Task<BodyReadResult> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return BodyReadResult.TooLarge(maxBytes);
        }

        // The server's own limit (Kestrel: 30 MB) would otherwise win over ours, in either direction.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            return await ReadCoreAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body itself (too large, malformed chunking): its status, our envelope.
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? BodyReadResult.TooLarge(maxBytes)
                : new BodyReadResult(null, ex.StatusCode, "Invalid request body");
        }
    }

    private static async Task<BodyReadResult> ReadCoreAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {

        if (request.ContentType is { } contentType && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadFormAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return BodyReadResult.TooLarge(maxBytes);
            }
        }

        var parsed = Parse(buffer.WrittenMemory);
        if (parsed.Body is null && request.HasFormContentType)
        {
            // A url-encoded form carries the JSON in its "json" field; curl -d sends raw JSON with this
            // content type too, which is why the raw body is tried first.
            var form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            return form.TryGetValue("json", out var json) && json.ToString() is { Length: > 0 } text
                ? Parse(System.Text.Encoding.UTF8.GetBytes(text))
                : parsed;
        }

        return parsed;
    }

    private static async Task<BodyReadResult> ReadFormAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
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
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return BodyReadResult.TooLarge(maxBytes);
        }
        catch (InvalidDataException)
        {
            return BodyReadResult.Invalid("Invalid multipart body");
        }
        catch (IOException)
        {
            // A truncated multipart body surfaces as an unexpected end of stream.
            return BodyReadResult.Invalid("Invalid multipart body");
        }

        var json = form["json"].ToString();
        return string.IsNullOrEmpty(json) ? BodyReadResult.Invalid(InvalidJson) : Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static BodyReadResult Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonNode.Parse(utf8.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 128 }) is JsonObject body
                ? BodyReadResult.Success(body)
                : BodyReadResult.Invalid(InvalidJson);
        }
        catch (JsonException)
        {
            return BodyReadResult.Invalid(InvalidJson);
        }
    }
}
