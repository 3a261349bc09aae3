using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Providers;

namespace G4F.Backend.Search;

/// <summary>
/// The arguments of a server-side <c>search_tool</c> call (PROTOCOL 3.1 <c>tool_calls</c>):
/// <c>{"type":"function","function":{"name":"search_tool","arguments":{...}}}</c>, arguments as an object or a JSON string.
/// Null values count as absent; a value of the wrong type is left out with a note, like the request's other fields.
/// </summary>
internal sealed record SearchToolCall
{
    /// <summary>The tool's name.</summary>
    public const string ToolName = "search_tool";

    private const string ArgumentsError = "Tool function arguments must be a dictionary or a json string";

    private static readonly JsonDocumentOptions ArgumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public string? Query { get; init; }

    public int? MaxResults { get; init; }

    public int? MaxWords { get; init; }

    public string? Backend { get; init; }

    public bool? AddText { get; init; }

    public double? TimeoutSeconds { get; init; }

    public string? Region { get; init; }

    /// <summary>The instructions; null means the default, empty means none.</summary>
    public string? Instructions { get; init; }

    /// <summary>Notes about arguments left out.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The first <c>search_tool</c> call of <paramref name="toolCalls"/>, or null when there is none.</summary>
    public static JsonObject? Find(JsonArray? toolCalls) =>
        toolCalls?.OfType<JsonObject>().FirstOrDefault(call =>
            JsonNodeReader.GetString(call["type"]) == "function" && call["function"] is JsonObject function && JsonNodeReader.GetString(function["name"]) == ToolName);

    /// <summary>Reads the call's arguments; false with a client-safe <paramref name="error"/> when they are not an object.</summary>
    public static bool TryRead(JsonObject call, out SearchToolCall? arguments, out string? error)
    {
        ArgumentNullException.ThrowIfNull(call);
        arguments = null;
        try
        {
            var node = call["function"]?["arguments"];
            if (node is JsonValue value && value.TryGetValue<string>(out var json))
            {
                // Duplicate keys are refused while parsing: a lazily built object would throw on its first lookup instead.
                // The string counted as one value of the request's budget: its own values are bounded before the parse.
                if (!JsonValueCount.IsWithin(json, JsonValueCount.MaxToolArguments))
                {
                    error = ArgumentsError;
                    return false;
                }

                node = string.IsNullOrWhiteSpace(json) ? new JsonObject() : JsonNode.Parse(json, documentOptions: ArgumentOptions);
            }

            if (node is not (null or JsonObject))
            {
                error = ArgumentsError;
                return false;
            }

            var notes = new List<string>();
            var fields = node as JsonObject ?? [];
            arguments = new SearchToolCall
            {
                Query = String(fields, "query", notes),
                MaxResults = (int?)Whole(fields, "max_results", notes),
                MaxWords = (int?)Whole(fields, "max_words", notes),
                Backend = String(fields, "backend", notes),
                AddText = Boolean(fields, "add_text", notes),
                TimeoutSeconds = Number(fields, "timeout", notes),
                Region = String(fields, "region", notes),
                Instructions = String(fields, "instructions", notes),
                Notes = notes,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Malformed JSON, a repeated key, or a string with a lone surrogate that cannot become text.
            arguments = null;
            error = ArgumentsError;
            return false;
        }

        error = null;
        return true;
    }

    private static JsonNode? Present(JsonObject fields, string name) =>
        fields[name] is { } node && node.GetValueKind() != JsonValueKind.Null ? node : null;

    private static string? String(JsonObject fields, string name, List<string> notes) => Present(fields, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Ignore<string>(name, "is not a string", notes),
    };

    private static bool? Boolean(JsonObject fields, string name, List<string> notes) => Present(fields, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) => parsed,
        _ => Ignore<bool?>(name, "is not a boolean", notes),
    };

    private static double? Number(JsonObject fields, string name, List<string> notes) => Present(fields, name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && double.IsFinite(v.GetValue<double>()) => v.GetValue<double>(),
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => Ignore<double?>(name, "is not a number", notes),
    };

    private static long? Whole(JsonObject fields, string name, List<string> notes) =>
        Number(fields, name, notes) is { } value
            ? value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue ? (long)value : Ignore<long?>(name, "is not a whole number", notes)
            : null;

    private static T? Ignore<T>(string name, string reason, List<string> notes)
    {
        notes.Add($"Ignored search_tool argument '{name}': it {reason}");
        return default;
    }
}
