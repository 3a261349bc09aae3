using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Providers;

namespace G4F.Backend.Conversations;

/// <summary>
/// Reads the JSON body of <c>POST /backend-api/v2/conversation</c> (PROTOCOL 3.1) into a
/// <see cref="ChatRequest"/>, with a clear message for each field of the wrong shape. Sampling
/// parameters may come as numbers or numeric strings (the client's settings form sends both).
/// </summary>
internal static class ChatRequestReader
{
    public static bool TryRead(JsonObject body, out ChatRequest? request, out string? error)
    {
        request = null;
        error = null;
        try
        {
            request = Read(body);
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static ChatRequest Read(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
        {
            throw new FormatException("messages must be a non-empty array");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject message || message["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String)
            {
                throw new FormatException($"messages[{i}] must be an object with a string role");
            }

            if (message["content"] is { } content && content.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Array or JsonValueKind.Null))
            {
                throw new FormatException($"messages[{i}].content must be a string or an array of parts");
            }
        }

        var (apiKey, apiKeys) = ReadApiKey(body["api_key"]);
        return new ChatRequest
        {
            Messages = messages,
            Model = OptionalString(body, "model"),
            Provider = OptionalString(body, "provider"),
            ApiKey = apiKey,
            ApiKeys = apiKeys,
            Temperature = OptionalDouble(body, "temperature"),
            TopP = OptionalDouble(body, "top_p"),
            MaxTokens = (int?)OptionalLong(body, "max_tokens", 1, int.MaxValue),
            Seed = OptionalLong(body, "seed", long.MinValue, long.MaxValue),
            Stop = ReadStop(body["stop"]),
            ResponseFormat = OptionalObject(body, "response_format"),
            Tools = body["tools"] switch
            {
                null => null,
                JsonArray { Count: 0 } => null,
                JsonArray tools => tools,
                _ => throw new FormatException("tools must be an array"),
            },
            ToolChoice = body["tool_choice"],
            Conversation = body["conversation"],
            Action = OptionalString(body, "action") ?? "next",
            DebugMode = OptionalBool(body, "debug_mode"),
            User = OptionalString(body, "user"),
            Ignored = body["ignored"] switch
            {
                null => [],
                JsonArray ignored => [.. ignored.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException("ignored must be an array of provider names"))],
                _ => throw new FormatException("ignored must be an array of provider names"),
            },
        };
    }

    private static (string? Key, IReadOnlyDictionary<string, string>? Keys) ReadApiKey(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return (null, null);
            case JsonValue value when value.TryGetValue<string>(out var key):
                return (string.IsNullOrWhiteSpace(key) ? null : key, null);
            case JsonObject keys:
                var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (provider, value) in keys)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var k) && !string.IsNullOrWhiteSpace(k))
                    {
                        map[provider] = k;
                    }
                    else if (value is not null && value.GetValueKind() != JsonValueKind.Null)
                    {
                        throw new FormatException("api_key must be a string or an object of strings");
                    }
                }

                return (null, map);
            default:
                throw new FormatException("api_key must be a string or an object of strings");
        }
    }

    private static JsonNode? ReadStop(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : node,
        JsonArray a when a.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String) => a.Count == 0 ? null : node,
        _ when node.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new FormatException("stop must be a string or an array of strings"),
    };

    private static string? OptionalString(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var n when n.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new FormatException($"{name} must be a string"),
    };

    private static bool OptionalBool(JsonObject body, string name) => body[name] switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
        var n when n.GetValueKind() == JsonValueKind.Null => false,
        _ => throw new FormatException($"{name} must be a boolean"),
    };

    private static JsonObject? OptionalObject(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonObject o => o,
        var n when n.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new FormatException($"{name} must be an object"),
    };

    private static double? OptionalDouble(JsonObject body, string name)
    {
        var value = Number(body, name);
        return value is null || double.IsFinite(value.Value) ? value : throw new FormatException($"{name} must be a finite number");
    }

    private static long? OptionalLong(JsonObject body, string name, long min, long max)
    {
        var value = Number(body, name);
        if (value is null)
        {
            return null;
        }

        return value.Value == Math.Floor(value.Value) && value.Value >= min && value.Value <= max
            ? (long)value.Value
            : throw new FormatException($"{name} must be a whole number from {min} to {max}");
    }

    private static double? Number(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s)
            ? null
            : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"{name} must be a number"),
        var n when n.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new FormatException($"{name} must be a number"),
    };
}
