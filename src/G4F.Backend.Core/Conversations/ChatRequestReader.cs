using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Providers;

namespace G4F.Backend.Conversations;

/// <summary>
/// Reads the JSON body of <c>POST /backend-api/v2/conversation</c> (PROTOCOL 3.1) into a <see cref="ChatRequest"/>.
/// Only a missing or malformed <c>messages</c> list refuses the request. An optional field of the wrong
/// shape is left out and noted in the request's debug log: the official client sends whatever its settings
/// form holds (a cleared box is <c>""</c>, a slider can be 0) and cannot show an error answered before the
/// stream, so refusing would leave its user with an empty answer on every turn.
/// </summary>
internal static class ChatRequestReader
{
    /// <param name="body">The JSON body.</param>
    /// <param name="request">The request read.</param>
    /// <param name="error">Why the body is refused.</param>
    /// <param name="strict">Whether an optional field of the wrong shape refuses the request instead of being left out (OpenAI's dialect).</param>
    public static bool TryRead(JsonObject body, out ChatRequest? request, out string? error, bool strict = false) =>
        TryRead(body, out request, out error, out _, strict);

    /// <param name="body">The JSON body.</param>
    /// <param name="request">The request read.</param>
    /// <param name="error">Why the body is refused.</param>
    /// <param name="field">The field the refusal is about.</param>
    /// <param name="strict">Whether an optional field of the wrong shape refuses the request instead of being left out (OpenAI's dialect).</param>
    public static bool TryRead(JsonObject body, out ChatRequest? request, out string? error, out string? field, bool strict = false)
    {
        request = null;
        field = "messages";
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
        {
            error = "messages must be a non-empty array";
            return false;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject)
            {
                field = $"messages[{i}]";
                error = $"messages[{i}] must be an object";
                return false;
            }
        }

        var fields = new FieldReader(body);
        var (apiKey, apiKeys) = fields.ApiKey();
        JsonArray? tools = null;
        request = new ChatRequest
        {
            Messages = messages,
            Model = fields.String("model"),
            Provider = fields.String("provider"),
            ApiKey = apiKey,
            ApiKeys = apiKeys,
            Temperature = fields.Number("temperature", 0, double.MaxValue),
            TopP = fields.Number("top_p", 0, 1),
            MaxTokens = (int?)fields.WholeNumber("max_tokens", 1, int.MaxValue),

            // OpenAI's newer name, read in its dialect only: the g4f route passes only the fields the original knows.
            MaxCompletionTokens = strict ? (int?)fields.WholeNumber("max_completion_tokens", 1, int.MaxValue) : null,
            Seed = fields.WholeNumber("seed", long.MinValue, long.MaxValue),
            Stop = fields.Stop(),
            ResponseFormat = fields.ResponseFormat(),
            // Read in place (not ahead) so the notes keep the order of the fields.
            Tools = tools = fields.Tools(),
            ToolChoice = fields.ToolChoice(tools),
            Conversation = fields.Present("conversation"),
            Action = fields.String("action") ?? "next",
            DebugMode = fields.Boolean("debug_mode"),
            User = fields.String("user"),
            Ignored = fields.Strings("ignored"),
            WebSearch = fields.WebSearch(),
            ToolCalls = fields.NonEmptyArray("tool_calls"),
            Media = fields.Media(),
            DownloadMedia = fields.Boolean("download_media", defaultValue: true),
            AspectRatio = fields.NonEmptyString("aspect_ratio"),
            Resolution = fields.NonEmptyString("resolution"),
            Prompt = fields.NonEmptyString("prompt"),
            ReadNotes = fields.Notes,
        };
        if (strict && fields.Notes.Count > 0)
        {
            request = null;
            error = fields.Notes[0].Replace("Ignored request field", "Invalid request field", StringComparison.Ordinal);
            field = fields.NotedFields[0];
            return false;
        }

        error = null;
        field = null;
        return true;
    }

    /// <summary>Reads optional fields; a value of the wrong shape becomes "absent" plus a note.</summary>
    private sealed class FieldReader(JsonObject body)
    {
        private readonly List<string> _notes = [];
        private readonly List<string> _notedFields = [];

        public IReadOnlyList<string> Notes => _notes;

        /// <summary>The field each of <see cref="Notes"/> is about, in the same order.</summary>
        public IReadOnlyList<string> NotedFields => _notedFields;

        public JsonNode? Present(string name) => body[name] is { } node && node.GetValueKind() != JsonValueKind.Null ? node : null;

        public string? String(string name) => Present(name) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => Ignore<string>(name, "is not a string"),
        };

        public bool Boolean(string name) => Present(name) switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
            _ => Ignore<bool>(name, "is not a boolean"),
        };

        /// <summary>A flag that is on unless the client turns it off: only <c>false</c> (or <c>"false"</c>) does.</summary>
        public bool Boolean(string name, bool defaultValue) => Present(name) switch
        {
            null => defaultValue,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s.Trim(), out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s) => defaultValue,
            _ => Ignore<bool?>(name, "is not a boolean") ?? defaultValue,
        };

        /// <summary>A string whose empty value (a cleared settings box) means absent.</summary>
        public string? NonEmptyString(string name) => String(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

        public JsonObject? Object(string name) => Present(name) switch
        {
            null => null,
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s) => null,
            _ => Ignore<JsonObject>(name, "is not an object"),
        };

        public JsonArray? NonEmptyArray(string name) => Present(name) switch
        {
            null => null,
            JsonArray { Count: 0 } => null,
            JsonArray a => a,
            JsonValue v when v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s) => null,
            _ => Ignore<JsonArray>(name, "is not an array"),
        };

        /// <summary><c>tools</c> within <see cref="ToolFields"/>' bounds; tools beyond them are left out whole.</summary>
        public JsonArray? Tools() => NonEmptyArray("tools") switch
        {
            { } tools when ToolFields.CheckTools(tools) is { } invalid => Ignore<JsonArray>("tools", Reason(invalid)),
            var tools => tools,
        };

        /// <summary><c>tool_choice</c> when it chooses among <paramref name="tools"/> (left out without them, as upstreams refuse it).</summary>
        public JsonNode? ToolChoice(JsonArray? tools) => Present("tool_choice") switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s) => null,
            var choice when ToolFields.CheckToolChoice(choice, tools) is { } invalid => Ignore<JsonNode>("tool_choice", Reason(invalid)),
            var choice => choice,
        };

        public JsonObject? ResponseFormat() => Object("response_format") switch
        {
            { } format when ToolFields.CheckResponseFormat(format) is { } invalid => Ignore<JsonObject>("response_format", Reason(invalid)),
            var format => format,
        };

        public IReadOnlyList<string> Strings(string name) => Present(name) switch
        {
            null => [],
            JsonArray a => [.. a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
            _ => Ignore<IReadOnlyList<string>>(name, "is not an array of names") ?? [],
        };

        // true or "true" searches with the first line of the message, other text is the query; false, "" and "false" are off.
        public string? WebSearch() => Present("web_search") switch
        {
            null => null,
            JsonValue v when v.TryGetValue<bool>(out var on) => on ? "true" : null,
            JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s) || s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase)
                ? null
                : s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? "true" : s,
            _ => Ignore<string>("web_search", "is not a boolean or a query"),
        };

        /// <summary>
        /// <c>media</c>: <c>[[data, filename], ...]</c>, data a data URI or URL, the name a string or null (a bare string
        /// is taken as a pair without a name). A malformed entry is left out with a note; the others are kept.
        /// </summary>
        public IReadOnlyList<ChatMedia> Media()
        {
            switch (Present("media"))
            {
                case null:
                    return [];
                case JsonArray entries:
                    var media = new List<ChatMedia>(entries.Count);
                    for (var i = 0; i < entries.Count; i++)
                    {
                        var (data, name) = entries[i] switch
                        {
                            JsonArray { Count: 1 or 2 } pair => (JsonNodeReader.GetString(pair[0]), pair.Count == 2 ? JsonNodeReader.GetString(pair[1]) : null),
                            var single => (JsonNodeReader.GetString(single), null),
                        };
                        if (string.IsNullOrEmpty(data))
                        {
                            Ignore<object>($"media[{i}]", "is not a [data, filename] pair");
                            continue;
                        }

                        media.Add(ChatMedia.FromUrl(data, name));
                    }

                    return media;
                default:
                    return Ignore<IReadOnlyList<ChatMedia>>("media", "is not an array of [data, filename] pairs") ?? [];
            }
        }

        public JsonNode? Stop() => Present("stop") switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : v,
            JsonArray a when a.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String) => a.Count == 0 ? null : a,
            _ => Ignore<JsonNode>("stop", "is not a string or an array of strings"),
        };

        public double? Number(string name, double min, double max)
        {
            var value = RawNumber(name);
            return value is null || (double.IsFinite(value.Value) && value >= min && value <= max)
                ? value
                : Ignore<double?>(name, $"is outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}");
        }

        public long? WholeNumber(string name, long min, long max)
        {
            var value = RawNumber(name);
            if (value is null)
            {
                return null;
            }

            // 0 for max_tokens is the client's slider at its minimum: "no limit", not an error worth noting.
            return value.Value == Math.Floor(value.Value) && value.Value >= min && value.Value <= max
                ? (long)value.Value
                : value.Value == 0 ? null : Ignore<long?>(name, "is not a whole number in range");
        }

        public (string? Key, IReadOnlyDictionary<string, string>? Keys) ApiKey()
        {
            switch (Present("api_key"))
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
                    }

                    return (null, map);
                default:
                    return (Ignore<string>("api_key", "is not a string or an object of strings"), null);
            }
        }

        private double? RawNumber(string name) => Present(name) switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s)
                ? null
                : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : Ignore<double?>(name, "is not a number"),
            _ => Ignore<double?>(name, "is not a number"),
        };

        // The checker's message starts with the field's name; the note names it already.
        private static string Reason(string message) => "is invalid: " + message;

        private T? Ignore<T>(string name, string reason)
        {
            // The value itself is not repeated: it could be a key pasted into the wrong field.
            _notes.Add($"Ignored request field '{name}': it {reason}");
            _notedFields.Add(name);
            return default;
        }
    }
}
