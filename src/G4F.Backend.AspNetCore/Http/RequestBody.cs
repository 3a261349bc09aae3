using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Request bodies read with a byte limit (never whole before the limit is checked) and parsed as one
/// JSON object; every refusal is a status and a message for the JSON envelope.
/// </summary>
internal static class RequestBody
{
    public const string InvalidJson = "Invalid JSON data";

    private const int MaxDepth = 128;

    private const int InitialBufferLimit = 64 * 1024;

    /// <summary>
    /// Reads a JSON object body as the state endpoints (usage, log, chat, memory) expect it: declared as
    /// JSON or not declared at all (415 otherwise, as the original's framework answers), at most <paramref name="maxBytes"/>.
    /// </summary>
    public static Task<BodyReadResult> ReadJsonObjectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken) =>
        ReadJsonObjectAsync(request, maxBytes, MaxJsonValues(request), cancellationToken);

    /// <summary>
    /// Reads a JSON object body like <see cref="ReadJsonObjectAsync(HttpRequest, long, CancellationToken)"/>, with at
    /// most <paramref name="maxValues"/> JSON values.
    /// </summary>
    public static async Task<BodyReadResult> ReadJsonObjectAsync(HttpRequest request, long maxBytes, int maxValues, CancellationToken cancellationToken)
    {
        if (request.ContentType is { Length: > 0 } && !request.HasJsonContentType())
        {
            return new BodyReadResult(null, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
        }

        var (bytes, error) = await ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return error ?? ParseObject(bytes!.WrittenMemory, maxValues);
    }

    /// <summary>
    /// The configured value budget (<c>G4F:MaxRequestJsonValues</c>), one setting for every JSON route, whatever each
    /// route's byte limit; the conversation reader is the singleton that carries it (registered by <c>AddG4FBackend</c>,
    /// which every route of these needs).
    /// </summary>
    private static int MaxJsonValues(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<ConversationRequestReader>().MaxJsonValues;

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
    /// Parses UTF-8 JSON that must be an object of at most <paramref name="maxValues"/> JSON values (413 past them).
    /// A repeated key is invalid JSON here: a <see cref="JsonObject"/> holding one throws on first access, which would
    /// turn a client mistake into a 500.
    /// </summary>
    public static BodyReadResult ParseObject(ReadOnlyMemory<byte> utf8, int maxValues)
    {
        try
        {
            if (Scan(utf8.Span, maxValues) is { } refused)
            {
                return refused;
            }

            // Duplicate names are refused here: JsonObject would throw ArgumentException on the first lookup (a 500).
            var options = new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false };
            return JsonNode.Parse(utf8.Span, documentOptions: options) is JsonObject body
                ? BodyReadResult.Success(body)
                : BodyReadResult.Invalid(InvalidJson);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the scan and the duplicate check unescape, and "\udc00" is not valid Unicode.
            return BodyReadResult.Invalid(InvalidJson);
        }
    }

    /// <summary>
    /// One pass of the reader over the buffered body before any node is built: it counts the JSON values and stops at
    /// the first past the budget, since the bytes alone do not bound the memory the nodes take (16 MiB of
    /// <c>[0,0,…]</c> is eight million values, hundreds of MiB once read and walked). The same pass checks that every
    /// escaped string unescapes to valid UTF-16: JSON allows an escaped lone surrogate (<c>"\ud800"</c>), but reading
    /// it as a string throws deep inside whatever store gets it (a 500). Null when the body may be parsed; throws
    /// <see cref="JsonException"/> on invalid JSON and <see cref="InvalidOperationException"/> on such a string.
    /// </summary>
    private static BodyReadResult? Scan(ReadOnlySpan<byte> utf8, int maxValues)
    {
        var checkEscapes = utf8.IndexOf("\\u"u8) >= 0;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var values = 0;
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray) && ++values > maxValues)
            {
                return BodyReadResult.TooManyValues(maxValues);
            }

            if (checkEscapes && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                // Throws InvalidOperationException for a lone surrogate.
                _ = reader.GetString();
            }
        }

        return null;
    }
}
