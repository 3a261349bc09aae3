using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Request bodies read with a byte limit (never whole before the limit is checked) and parsed as one
/// JSON object; every refusal is a status and a message for the JSON envelope.
/// </summary>
internal static class RequestBody
{
    public const string InvalidJson = "Invalid JSON data";

    private const int InitialBufferLimit = 64 * 1024;

    /// <summary>
    /// Reads a JSON object body as the state endpoints (usage, log, chat, memory) expect it: declared as
    /// JSON or not declared at all (415 otherwise, as the original's framework answers), at most <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<BodyReadResult> ReadJsonObjectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentType is { Length: > 0 } && !request.HasJsonContentType())
        {
            return new BodyReadResult(null, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
        }

        var (bytes, error) = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return error ?? ParseObject(bytes!.WrittenMemory);
    }

    /// <summary>Reads the raw body, refusing it once it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<(ArrayBufferWriter<byte>? Bytes, BodyReadResult? Error)> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, BodyReadResult.TooLarge(maxBytes));
        }

        ApplyLimit(request, maxBytes);
        try
        {
            // A declared length sizes the buffer once (one byte more for the read that sees the end), up to 64 KiB so a
            // length alone never buys an allocation; beyond that it doubles as the bytes arrive. A fixed 8 KiB read size
            // made every small body cost 16 KiB of arrays.
            var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length ? (int)Math.Min(length + 1, InitialBufferLimit) : 4096);
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, null);
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return (null, BodyReadResult.TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, FromServerRefusal(ex, maxBytes));
        }
    }

    /// <summary>Sets the server's own body limit (Kestrel: 30 MB), which would otherwise win over ours in either direction.</summary>
    public static void ApplyLimit(HttpRequest request, long maxBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>The server refused the body itself (too large, malformed chunking): its status, our envelope.</summary>
    public static BodyReadResult FromServerRefusal(BadHttpRequestException exception, long maxBytes) =>
        exception.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? BodyReadResult.TooLarge(maxBytes)
            : new BodyReadResult(null, exception.StatusCode, "Invalid request body");

    /// <summary>
    /// Parses UTF-8 JSON that must be an object. A repeated key is invalid JSON here: a <see cref="JsonObject"/>
    /// holding one throws on first access, which would turn a client mistake into a 500.
    /// </summary>
    public static BodyReadResult ParseObject(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            // Duplicate names are refused here: JsonObject would throw ArgumentException on the first lookup (a 500).
            var options = new JsonDocumentOptions { MaxDepth = 128, AllowDuplicateProperties = false };
            return JsonNode.Parse(utf8.Span, documentOptions: options) is JsonObject body && HasOnlyValidStrings(utf8.Span)
                ? BodyReadResult.Success(body)
                : BodyReadResult.Invalid(InvalidJson);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the duplicate check unescapes every key, and "\udc00" is not valid Unicode.
            return BodyReadResult.Invalid(InvalidJson);
        }
    }

    /// <summary>
    /// Whether every string unescapes to valid UTF-16. JSON allows an escaped lone surrogate (<c>"\ud800"</c>),
    /// but reading it as a string throws deep inside whatever store gets it (a 500), so it is refused here, once.
    /// </summary>
    private static bool HasOnlyValidStrings(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 128 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
