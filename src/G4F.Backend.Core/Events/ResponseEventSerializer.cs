using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace G4F.Backend.Events;

/// <summary>
/// Writes events as the single-line UTF-8 JSON objects of the protocol: <c>type</c> first, nulls
/// omitted, non-ASCII and HTML characters left readable (the stream is never parsed as HTML).
/// </summary>
public static class ResponseEventSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");

    // "content" is both the text field's name and a text delta's type: a plain ASCII name, encoded once, it reads the
    // same under either encoder.
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");

    /// <summary>
    /// The serializer context all event JSON goes through. Escaping is the writer's (<see cref="WriterOptions"/>),
    /// so the context keeps its generated options and with them the source generator's fast path.
    /// </summary>
    internal static G4FJsonContext Context => G4FJsonContext.Default;

    /// <summary>
    /// Serializer options that know every event record and the protocol shapes they carry (source-generated metadata,
    /// nulls omitted), for a host that puts events into JSON of its own, for example
    /// <c>JsonSerializer.Serialize(responseEvent, ResponseEventSerializer.JsonOptions)</c>. Read-only. The wire format of
    /// the event stream itself is <see cref="Serialize(IBufferWriter{byte}, ResponseEvent)"/>'s.
    /// </summary>
    public static JsonSerializerOptions JsonOptions => G4FJsonContext.Default.Options;

    /// <summary>Writes <paramref name="responseEvent"/> as one JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="responseEvent">The event.</param>
    public static void Serialize(IBufferWriter<byte> writer, ResponseEvent responseEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(responseEvent);
        using var json = CreateWriter(writer);
        Write(json, responseEvent);
        json.Flush();
    }

    /// <summary>
    /// A JSON writer with the protocol's options, for a caller that writes many events to one destination: it serializes
    /// each with <see cref="Serialize(Utf8JsonWriter, ResponseEvent)"/> and so allocates one writer per stream, not per event.
    /// </summary>
    /// <param name="writer">The destination of every event.</param>
    /// <returns>A writer to pass to <see cref="Serialize(Utf8JsonWriter, ResponseEvent)"/>; dispose it when the stream ends.</returns>
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new Utf8JsonWriter(writer, WriterOptions);
    }

    /// <summary>
    /// Writes <paramref name="responseEvent"/> as one JSON object through <paramref name="json"/> (from <see cref="CreateWriter"/>),
    /// flushed to its destination and reset for the next event.
    /// </summary>
    /// <param name="json">A writer from <see cref="CreateWriter"/>.</param>
    /// <param name="responseEvent">The event.</param>
    public static void Serialize(Utf8JsonWriter json, ResponseEvent responseEvent)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(responseEvent);
        Write(json, responseEvent);
        json.Flush();

        // A writer that wrote a complete value cannot start a second root value; Reset keeps its destination.
        json.Reset();
    }

    /// <summary>Returns the JSON of <paramref name="responseEvent"/> as a string (tests, logs, tools).</summary>
    /// <param name="responseEvent">The event.</param>
    /// <returns>One line of JSON.</returns>
    public static string SerializeToString(ResponseEvent responseEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(buffer, responseEvent);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes the text of <paramref name="content"/> as one JSON string value, escaped by <paramref name="json"/>'s encoder:
    /// from the UTF-8 an upstream delta arrived in while nobody asked for its string (so no string is made), else from
    /// the string. A front door that frames deltas in JSON of its own writes the text with it.
    /// </summary>
    /// <param name="json">The writer, at a point where a value may start (for example a fresh root value).</param>
    /// <param name="content">The text delta.</param>
    /// <returns>False, writing nothing, when the event has no text.</returns>
    public static bool TryWriteText(Utf8JsonWriter json, ContentEvent content)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(content);
        if (content.TryGetUtf8(out var utf8))
        {
            json.WriteStringValue(utf8);
            return true;
        }

        if (content.Content is { } text)
        {
            json.WriteStringValue(text);
            return true;
        }

        return false;
    }

    private static void Write(Utf8JsonWriter json, ResponseEvent responseEvent)
    {
        if (responseEvent is ContentEvent { Urls: null, Alt: null, Data: null } text)
        {
            // A text delta, most of every stream: written as the source-generated metadata would write it (type first,
            // nulls omitted), with an upstream delta's UTF-8 escaped by the same encoder straight into the destination.
            var isUtf8 = text.TryGetUtf8(out var utf8);
            if (isUtf8 || text.Content is not null)
            {
                json.WriteStartObject();
                if (text.Type == "content")
                {
                    json.WriteString(TypeName, Content);
                }
                else
                {
                    json.WriteString(TypeName, text.Type);
                }

                if (isUtf8)
                {
                    json.WriteString(Content, utf8);
                }
                else
                {
                    json.WriteString(Content, text.Content);
                }

                json.WriteEndObject();
                return;
            }
        }

        if (responseEvent is PassThroughEvent passThrough)
        {
            json.WriteStartObject();
            json.WriteString("type", passThrough.Type);
            foreach (var (name, value) in passThrough.Payload)
            {
                if (name == "type")
                {
                    continue;
                }

                json.WritePropertyName(name);
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    value.WriteTo(json);
                }
            }

            json.WriteEndObject();
            return;
        }

        var typeInfo = Context.GetTypeInfo(responseEvent.GetType())
            ?? throw new NotSupportedException($"Event type {responseEvent.GetType()} has no JSON metadata; use PassThroughEvent for custom events.");
        JsonSerializer.Serialize(json, responseEvent, typeInfo);
    }
}
