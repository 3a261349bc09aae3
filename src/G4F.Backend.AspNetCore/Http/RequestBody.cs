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
            return Build(utf8.Span, maxValues);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that does not decode ("\udc00" is not valid Unicode, nor is a stray byte).
            return BodyReadResult.Invalid(InvalidJson);
        }
    }

    /// <summary>
    /// One pass of the reader builds the object's nodes as it goes (no <see cref="JsonDocument"/> parsed, checked for
    /// repeated names and materialized again on first access) and counts the JSON values, stopping at the first past the
    /// budget, since the bytes alone do not bound the memory the nodes take (16 MiB of <c>[0,0,…]</c> is eight million
    /// values). Every string is decoded as it is read, so one that is not valid UTF-16 once unescaped (JSON allows an
    /// escaped lone surrogate, <c>"\ud800"</c>), which would throw deep inside whatever store gets it (a 500), throws
    /// <see cref="InvalidOperationException"/> here. Past a repeated name or a root that is not an object the pass only
    /// counts, so the budget and the syntax are judged over the whole body as before: 413 wins over a repeated name.
    /// Numbers keep their text (a value over the number's element), so they are written upstream as the client spelled
    /// them and read with the same conversions as before.
    /// </summary>
    private static BodyReadResult Build(ReadOnlySpan<byte> utf8, int maxValues)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var values = 0;
        JsonObject? root = null;
        JsonNode? current = null;
        string? name = null;
        var building = true;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token == JsonTokenType.PropertyName)
            {
                name = reader.GetString();
                continue;
            }

            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                current = current?.Parent;
                continue;
            }

            if (++values > maxValues)
            {
                return BodyReadResult.TooManyValues(maxValues);
            }

            if (!building)
            {
                if (token == JsonTokenType.String)
                {
                    _ = reader.GetString();
                }

                continue;
            }

            JsonNode? node = token switch
            {
                JsonTokenType.StartObject => new JsonObject(),
                JsonTokenType.StartArray => new JsonArray(),
                JsonTokenType.String => JsonValue.Create(reader.GetString()),
                JsonTokenType.Number => JsonValue.Create(JsonElement.ParseValue(ref reader)),
                JsonTokenType.True => JsonValue.Create(true),
                JsonTokenType.False => JsonValue.Create(false),
                _ => null,
            };
            switch (current)
            {
                case null when root is null && node is JsonObject first:
                    root = first;
                    break;
                case null:
                    // A root that is not an object: the rest is read for the budget and the syntax only.
                    building = false;
                    break;
                case JsonObject parent when !parent.TryAdd(name!, node):
                    building = false;
                    root = null;
                    break;
                case JsonObject:
                    break;
                default:
                    ((JsonArray)current).Add(node);
                    break;
            }

            if (building && token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                current = node;
            }
        }

        return root is null ? BodyReadResult.Invalid(InvalidJson) : BodyReadResult.Success(root);
    }
}
