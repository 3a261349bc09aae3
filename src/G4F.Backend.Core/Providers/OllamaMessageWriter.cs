using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>
/// Converts OpenAI-shaped chat messages to Ollama's: content parts become one text plus raw base64
/// <c>images</c>; tool-call arguments become the JSON objects Ollama expects instead of OpenAI's JSON
/// strings; tool results get the <c>tool_name</c> of the call they answer.
/// </summary>
internal sealed class OllamaMessageWriter(Utf8JsonWriter writer)
{
    private const string Base64Marker = ";base64,";
    private readonly Utf8JsonWriter _writer = writer;

    // Ollama names the tool a result belongs to; OpenAI only gives the call id, so the names are remembered.
    private Dictionary<string, string>? _toolNames;

    public void Write(JsonObject message)
    {
        _writer.WriteStartObject();
        if (AsString(message["role"]) is { } role)
        {
            // OpenAI's "developer" is its newer name for "system"; Ollama's chat templates know only system, user,
            // assistant and tool, and most leave out a message of any other role.
            _writer.WriteString("role", role == "developer" ? "system" : role);
        }

        List<string>? images = null;
        switch (message["content"])
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                _writer.WriteString("content", text);
                break;
            case JsonArray parts:
                _writer.WriteString("content", ConcatenateParts(parts, ref images));
                break;
            default:
                _writer.WriteString("content", string.Empty);
                break;
        }

        if (message["images"] is JsonArray nativeImages)
        {
            foreach (var image in nativeImages)
            {
                if (AsString(image) is { Length: > 0 } base64)
                {
                    (images ??= []).Add(base64);
                }
            }
        }

        if (images is not null)
        {
            _writer.WriteStartArray("images");
            foreach (var image in images)
            {
                _writer.WriteStringValue(image);
            }

            _writer.WriteEndArray();
        }

        if (message["tool_calls"] is JsonArray toolCalls)
        {
            _writer.WriteStartArray("tool_calls");
            foreach (var call in toolCalls)
            {
                if (call is JsonObject callObject)
                {
                    WriteToolCall(callObject);
                }
            }

            _writer.WriteEndArray();
        }

        if (AsString(message["tool_call_id"]) is { } toolCallId)
        {
            _writer.WriteString("tool_call_id", toolCallId);
            if (_toolNames is not null && _toolNames.TryGetValue(toolCallId, out var toolName))
            {
                _writer.WriteString("tool_name", toolName);
            }
        }

        _writer.WriteEndObject();
    }

    /// <summary>Text parts concatenated without separator (PROTOCOL 3.2); data-URI images collected as raw base64.</summary>
    private static string ConcatenateParts(JsonArray parts, ref List<string>? images)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is not JsonObject partObject)
            {
                continue;
            }

            var type = AsString(partObject["type"]);
            if (type is null or "text" && AsString(partObject["text"]) is { } partText)
            {
                text.Append(partText);
            }
            else if (type == "image_url")
            {
                var url = partObject["image_url"] is JsonObject imageUrl ? AsString(imageUrl["url"]) : AsString(partObject["image_url"]);

                // Ollama takes image bytes only: the turn inlines remote URLs before an Ollama provider is called
                // (TakesInlineImagesOnly), so only data URIs arrive here from a turn.
                var marker = url is null ? -1 : url.IndexOf(Base64Marker, StringComparison.Ordinal);
                if (url is not null && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && marker > 0)
                {
                    (images ??= []).Add(url[(marker + Base64Marker.Length)..]);
                }
            }
        }

        return text.ToString();
    }

    private void WriteToolCall(JsonObject call)
    {
        _writer.WriteStartObject();
        foreach (var (name, value) in call)
        {
            _writer.WritePropertyName(name);
            if (name == "function" && value is JsonObject function)
            {
                WriteFunction(function);
                if (AsString(call["id"]) is { } id && AsString(function["name"]) is { } toolName)
                {
                    (_toolNames ??= new Dictionary<string, string>(StringComparer.Ordinal))[id] = toolName;
                }
            }
            else
            {
                WriteNode(value);
            }
        }

        _writer.WriteEndObject();
    }

    private void WriteFunction(JsonObject function)
    {
        _writer.WriteStartObject();
        foreach (var (name, value) in function)
        {
            _writer.WritePropertyName(name);
            if (name == "arguments" && AsString(value) is { } arguments && TryParseObject(arguments, out var parsed))
            {
                parsed.WriteTo(_writer);
            }
            else
            {
                WriteNode(value);
            }
        }

        _writer.WriteEndObject();
    }

    private void WriteNode(JsonNode? node)
    {
        if (node is null)
        {
            _writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(_writer);
        }
    }

    private static bool TryParseObject(string text, out JsonObject parsed)
    {
        parsed = null!;
        try
        {
            // Arguments of more values than a tool's schema may hold are sent on as the string they were, never parsed.
            if (JsonValueCount.IsWithin(text, JsonValueCount.MaxToolArguments) && JsonNode.Parse(text) is JsonObject value)
            {
                parsed = value;
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: sent on as the string it was.
        }

        return false;
    }

    public static string? AsString(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
