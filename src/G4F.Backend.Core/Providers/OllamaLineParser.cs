using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>Reads one NDJSON line of <c>/api/chat</c>; tool calls are rewritten in OpenAI's shape for the <c>tool_calls</c> event.</summary>
internal static class OllamaLineParser
{
    /// <summary>The most JSON values one line may hold: a tree of tiny values costs 20 to 40 bytes each, and a line up to 16 MiB.</summary>
    public const int MaxLineValues = 200_000;

    /// <summary>The most tool calls one line may hold (OpenAI's limit on a request's tools): each becomes two objects.</summary>
    public const int MaxToolCalls = 128;

    /// <param name="line">The line.</param>
    /// <param name="firstToolCallIndex">The OpenAI <c>index</c> of this line's first tool call: Ollama sends whole calls, so every call gets its own index across the stream.</param>
    /// <exception cref="JsonException">The line is not a JSON object.</exception>
    public static OllamaLine Parse(string line, int firstToolCallIndex)
    {
        if (!JsonValueCount.IsWithin(line, MaxLineValues))
        {
            throw new JsonException($"An upstream line holds more than {MaxLineValues} JSON values.");
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An upstream line is not a JSON object.");
        }

        var parsed = new OllamaLine
        {
            Model = String(root, "model"),
            Error = root.TryGetProperty("error", out var error) ? ErrorText(error) : null,
            Done = root.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True,
            DoneReason = String(root, "done_reason"),
            PromptEvalCount = Count(root, "prompt_eval_count"),
            EvalCount = Count(root, "eval_count"),
        };

        if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            parsed = parsed with
            {
                Content = String(message, "content"),
                Thinking = String(message, "thinking"),
                ToolCalls = message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0
                    ? ToOpenAI(calls, firstToolCallIndex)
                    : null,
            };
        }

        return parsed;
    }

    /// <summary><c>{"function":{"name","arguments":{...}}}</c> → <c>{"index","id","type":"function","function":{"name","arguments":"{...}"}}</c>.</summary>
    private static JsonArray ToOpenAI(JsonElement calls, int firstIndex)
    {
        if (calls.GetArrayLength() > MaxToolCalls)
        {
            throw new JsonException($"An upstream line holds more than {MaxToolCalls} tool calls.");
        }

        var result = new JsonArray();
        var index = firstIndex;
        foreach (var call in calls.EnumerateArray())
        {
            // Reading a property of anything but an object throws; a call that is not one carries nothing.
            if (call.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
            var arguments = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var a)
                ? a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText()
                : "{}";
            result.Add(new JsonObject
            {
                ["index"] = index,
                ["id"] = String(call, "id") ?? $"call_{index}",
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = function.ValueKind == JsonValueKind.Object ? String(function, "name") : null,
                    ["arguments"] = arguments,
                },
            });
            index++;
        }

        return result;
    }

    private static string? ErrorText(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => error.GetString(),
        JsonValueKind.Object => String(error, "message") ?? string.Empty,
        _ => string.Empty,
    };

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Count(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? TokenCounts.Read(value) : null;
}
