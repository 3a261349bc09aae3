using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using G4F.Backend.Providers;

namespace G4F.Backend.Conversations;

/// <summary>
/// Checks the OpenAI request fields that carry JSON schemas to an upstream: <c>tools</c>, <c>tool_choice</c> and
/// <c>response_format</c>. They are forwarded as the client wrote them, so they are bounded here (count, nesting, size)
/// and must have the shape OpenAI documents; anything else would be a confusing upstream 400 or an unbounded copy.
/// </summary>
internal static partial class ToolFields
{
    /// <summary>OpenAI's own limit on the number of tools of one request.</summary>
    public const int MaxTools = 128;

    /// <summary>The deepest nesting of one tool definition or response schema (objects and arrays).</summary>
    public const int MaxDepth = 32;

    /// <summary>The most JSON values of all tool definitions together, or of one response schema.</summary>
    public const int MaxNodes = 20_000;

    /// <summary>The longest tool or schema description.</summary>
    public const int MaxDescriptionLength = 8_192;

    /// <summary>Why <paramref name="tools"/> cannot be sent upstream; null when they can.</summary>
    public static string? CheckTools(JsonArray tools)
    {
        if (tools.Count > MaxTools)
        {
            return $"tools has {tools.Count} entries; at most {MaxTools} are allowed";
        }

        var budget = MaxNodes;
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not JsonObject tool || JsonNodeReader.GetString(tool["type"]) != "function" || tool["function"] is not JsonObject function)
            {
                return $"tools[{i}] must be {{\"type\":\"function\",\"function\":{{...}}}}";
            }

            if (CheckFunction(function, $"tools[{i}].function") is { } invalid)
            {
                return invalid;
            }

            if (Measure(tool, 1, ref budget) is { } tooLarge)
            {
                return $"tools[{i}] {tooLarge}";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="toolChoice"/> is not a valid choice among <paramref name="tools"/>; null when it is.</summary>
    public static string? CheckToolChoice(JsonNode toolChoice, JsonArray? tools)
    {
        if (JsonNodeReader.GetString(toolChoice) is { } mode)
        {
            return mode switch
            {
                "none" or "auto" => null,
                "required" when tools is not null => null,
                "required" => "tool_choice 'required' needs tools",
                _ => "tool_choice must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}",
            };
        }

        if (toolChoice is not JsonObject choice || JsonNodeReader.GetString(choice["type"]) != "function"
            || JsonNodeReader.GetString((choice["function"] as JsonObject)?["name"]) is not { } name)
        {
            return "tool_choice must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}";
        }

        var known = tools?.Any(t => JsonNodeReader.GetString((t?["function"] as JsonObject)?["name"]) == name) == true;
        return known ? null : $"tool_choice names the function '{Shorten(name)}', which is not one of the tools";
    }

    /// <summary>Why <paramref name="format"/> is not a response format an upstream accepts; null when it is.</summary>
    public static string? CheckResponseFormat(JsonNode format)
    {
        if (format is not JsonObject body)
        {
            return "response_format must be an object";
        }

        switch (JsonNodeReader.GetString(body["type"]))
        {
            case "text" or "json_object":
                return null;
            case "json_schema":
                if (body["json_schema"] is not JsonObject schema)
                {
                    return "response_format.json_schema must be an object";
                }

                if (CheckNameAndDescription(schema, "response_format.json_schema") is { } invalid)
                {
                    return invalid;
                }

                if (schema["schema"] is not (null or JsonObject) || !IsOptionalBoolean(schema["strict"]))
                {
                    return "response_format.json_schema.schema must be an object and strict a boolean";
                }

                var budget = MaxNodes;
                return Measure(schema, 1, ref budget) is { } tooLarge ? "response_format.json_schema " + tooLarge : null;
            default:
                return "response_format.type must be 'text', 'json_object' or 'json_schema'";
        }
    }

    private static string? CheckFunction(JsonObject function, string path)
    {
        if (CheckNameAndDescription(function, path) is { } invalid)
        {
            return invalid;
        }

        return function["parameters"] is not (null or JsonObject) || !IsOptionalBoolean(function["strict"])
            ? $"{path}.parameters must be an object and strict a boolean"
            : null;
    }

    private static string? CheckNameAndDescription(JsonObject owner, string path)
    {
        if (JsonNodeReader.GetString(owner["name"]) is not { } name || !NamePattern().IsMatch(name))
        {
            return $"{path}.name must be 1 to 64 letters, digits, '_' or '-'";
        }

        return owner["description"] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) && text.Length <= MaxDescriptionLength => null,
            _ => $"{path}.description must be a string of at most {MaxDescriptionLength} characters",
        };
    }

    /// <summary>Walks <paramref name="node"/> within the depth limit and the remaining node budget; why it is too large, or null.</summary>
    private static string? Measure(JsonNode? node, int depth, ref int budget)
    {
        if (--budget < 0)
        {
            return $"is too large: all tools or one schema may hold at most {MaxNodes} JSON values";
        }

        if (node is not (JsonObject or JsonArray))
        {
            return null;
        }

        if (depth > MaxDepth)
        {
            return $"is nested too deeply: at most {MaxDepth} levels";
        }

        IEnumerable<JsonNode?> children = node is JsonObject o ? o.Select(p => p.Value) : node.AsArray();
        foreach (var child in children)
        {
            if (Measure(child, depth + 1, ref budget) is { } tooLarge)
            {
                return tooLarge;
            }
        }

        return null;
    }

    private static bool IsOptionalBoolean(JsonNode? node) => node is null || node.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
