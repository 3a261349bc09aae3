using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using G4F.Backend.Events;

namespace G4F.Backend.Providers;

/// <summary>
/// Reads one OpenAI streaming chunk with <see cref="Utf8JsonReader"/> straight from the SSE parser's
/// bytes: no string of the whole chunk, no document. Only <c>choices[0]</c> is read (n = 1 streams).
/// </summary>
internal static class OpenAIChunkParser
{
    /// <summary>An <c>SseItemParser</c>: empty data is an empty chunk, <c>[DONE]</c> the sentinel, anything else must be a JSON object.</summary>
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    public static OpenAIChunk Parse(string eventType, ReadOnlySpan<byte> data) => Parse(data, knownModel: null);

    /// <summary>
    /// An <c>SseItemParser</c> for one stream: every chunk repeats the top-level <c>model</c>, so a model equal to the one
    /// before is handed back as that same string instead of a new one per chunk, recognised by its UTF-8 bytes (no
    /// transcoding per chunk); a text chunk in the envelope of the last one read is taken without tokenizing it
    /// (<see cref="OpenAIChunkEnvelope"/>).
    /// </summary>
    public static System.Net.ServerSentEvents.SseItemParser<OpenAIChunk> ForStream()
    {
        string? model = null;
        byte[]? modelUtf8 = null;
        var envelope = new OpenAIChunkEnvelope();
        return (_, data) =>
        {
            data = data.Trim(" \t\r\n"u8);
            if (envelope.TryRead(data, out var known))
            {
                return known;
            }

            var chunk = Parse(data, model, modelUtf8);
            if (chunk.Model is { } parsed && !ReferenceEquals(parsed, model))
            {
                model = parsed;
                modelUtf8 = Encoding.UTF8.GetBytes(parsed);
            }

            envelope.Learn(data, chunk);
            return chunk;
        };
    }

    /// <summary>Parses one chunk; a <c>model</c> equal to <paramref name="knownModel"/> is returned as that instance.</summary>
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    public static OpenAIChunk Parse(ReadOnlySpan<byte> data, string? knownModel) =>
        Parse(data, knownModel, knownModel is null ? null : Encoding.UTF8.GetBytes(knownModel));

    private static OpenAIChunk Parse(ReadOnlySpan<byte> data, string? knownModel, byte[]? knownModelUtf8)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return default;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return OpenAIChunk.Done;
        }

        // JSON is UTF-8; the reader only notices bad bytes in GetString, with an InvalidOperationException.
        if (!Utf8.IsValid(data))
        {
            throw new JsonException("An upstream chunk is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An upstream chunk is not a JSON object.");
        }

        var chunk = default(OpenAIChunk);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = ChunkFields.Of(ref reader);
            reader.Read();
            switch (field)
            {
                case ChunkField.Model:
                    chunk = chunk with { Model = IsKnown(ref reader, knownModel, knownModelUtf8) ? knownModel : CurrentString(ref reader) };
                    break;
                case ChunkField.Choices:
                    chunk = ReadChoices(ref reader, chunk);
                    break;
                case ChunkField.Usage when reader.TokenType == JsonTokenType.StartObject:
                    chunk = chunk with { Usage = ReadUsage(ref reader) };
                    break;
                case ChunkField.Error:
                    chunk = chunk with { Error = ReadError(ref reader) };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return chunk;
    }

    /// <summary>Whether the current value is the string <paramref name="knownModel"/> (whose UTF-8 is <paramref name="knownModelUtf8"/>).</summary>
    private static bool IsKnown(ref Utf8JsonReader reader, string? knownModel, byte[]? knownModelUtf8)
    {
        if (knownModel is null || knownModelUtf8 is null || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        // Unescaped text in one span is the string's UTF-8 byte for byte (the chunk was checked to be valid UTF-8).
        return reader.ValueIsEscaped || reader.HasValueSequence
            ? reader.ValueTextEquals(knownModel)
            : reader.ValueSpan.SequenceEqual(knownModelUtf8);
    }

    private static OpenAIChunk ReadChoices(ref Utf8JsonReader reader, OpenAIChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return chunk;
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                chunk = ReadChoice(ref reader, chunk);
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }

        return chunk;
    }

    private static OpenAIChunk ReadChoice(ref Utf8JsonReader reader, OpenAIChunk chunk)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = ChunkFields.Of(ref reader);
            reader.Read();
            switch (field)
            {
                // Some servers stream whole "message" objects instead of deltas; they read the same.
                case ChunkField.Delta or ChunkField.Message when reader.TokenType == JsonTokenType.StartObject:
                    chunk = ReadDelta(ref reader, chunk);
                    break;
                case ChunkField.FinishReason:
                    chunk = chunk with { FinishReason = CurrentString(ref reader) };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return chunk;
    }

    private static OpenAIChunk ReadDelta(ref Utf8JsonReader reader, OpenAIChunk chunk)
    {
        string? reasoningContent = null;
        string? reasoning = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = ChunkFields.Of(ref reader);
            reader.Read();
            switch (field)
            {
                case ChunkField.Content:
                    chunk = chunk with { Content = Utf8Text.Of(ref reader) };
                    break;
                case ChunkField.ReasoningContent:
                    reasoningContent = CurrentString(ref reader);
                    break;
                case ChunkField.Reasoning:
                    reasoning = CurrentString(ref reader);
                    break;
                case ChunkField.ToolCalls when reader.TokenType == JsonTokenType.StartArray:
                    // A fresh node parsed from the chunk: the event owns it, nothing is shared with the reader's buffer.
                    chunk = chunk with { ToolCalls = JsonNode.Parse(ref reader)!.AsArray() };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return chunk with { Reasoning = string.IsNullOrEmpty(reasoningContent) ? reasoning : reasoningContent };
    }

    private static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        long? prompt = null;
        long? completion = null;
        long? total = null;
        Dictionary<string, JsonElement>? extra = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = ChunkFields.Of(ref reader);
            if (field == ChunkField.PromptTokens)
            {
                prompt = ReadCount(ref reader);
            }
            else if (field == ChunkField.CompletionTokens)
            {
                completion = ReadCount(ref reader);
            }
            else if (field == ChunkField.TotalTokens)
            {
                total = ReadCount(ref reader);
            }
            else
            {
                var name = reader.GetString()!;
                reader.Read();
                extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                extra[name] = JsonElement.ParseValue(ref reader);
            }
        }

        var p = prompt ?? 0;
        var c = completion ?? 0;
        return new TokenUsage(p, c, total ?? TokenCounts.Sum(p, c)) { Extra = extra };
    }

    /// <summary>The message of an <c>error</c> value: a string, or an object's <c>message</c>; empty when it has none; null for JSON null.</summary>
    private static string? ReadError(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartObject:
                var message = string.Empty;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("message"u8))
                    {
                        message = ReadString(ref reader) ?? message;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                return message;
            default:
                reader.Skip();
                return string.Empty;
        }
    }

    /// <summary>Moves to the property's value; a string's text, else null (the value is skipped).</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return CurrentString(ref reader);
    }

    /// <summary>The current value: a string's text, else null (the value is skipped).</summary>
    private static string? CurrentString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        return TokenCounts.Read(in reader);
    }
}
