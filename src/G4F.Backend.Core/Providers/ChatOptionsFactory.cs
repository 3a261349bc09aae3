using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using Microsoft.Extensions.AI;
using static G4F.Backend.Providers.JsonNodeReader;

namespace G4F.Backend.Providers;

/// <summary>Maps the OpenAI-style request fields of a turn to <see cref="ChatOptions"/>.</summary>
internal static class ChatOptionsFactory
{
    // A tool without parameters still needs an object schema for most upstreams.
    private static readonly JsonElement NoParameters = ToElement(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() });

    public static ChatOptions Create(ChatRequest request, ProviderDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(descriptor);
        var options = new ChatOptions
        {
            ModelId = string.IsNullOrWhiteSpace(request.Model) ? descriptor.DefaultModel : request.Model,
            Temperature = (float?)request.Temperature,
            TopP = (float?)request.TopP,
            MaxOutputTokens = request.MaxTokens ?? request.MaxCompletionTokens,
            Seed = request.Seed,
            StopSequences = ToStopSequences(request.Stop),
            ResponseFormat = ToResponseFormat(request.ResponseFormat as JsonObject),
            Tools = ToTools(request.Tools),
        };
        if (options.Tools is not null)
        {
            options.ToolMode = ToToolMode(request.ToolChoice);
        }

        return options;
    }

    private static List<string>? ToStopSequences(JsonNode? stop)
    {
        if (GetString(stop) is { Length: > 0 } single)
        {
            return [single];
        }

        if (stop is not JsonArray array)
        {
            return null;
        }

        var sequences = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (GetString(item) is { Length: > 0 } sequence)
            {
                sequences.Add(sequence);
            }
        }

        return sequences.Count > 0 ? sequences : null;
    }

    private static ChatResponseFormat? ToResponseFormat(JsonObject? format)
    {
        switch (GetString(format?["type"]))
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                var schema = format!["json_schema"] as JsonObject;
                return schema?["schema"] is JsonObject body
                    ? ChatResponseFormat.ForJsonSchema(ToElement(body), GetString(schema["name"]), GetString(schema["description"]))
                    : ChatResponseFormat.Json;
            default:
                return null;
        }
    }

    private static List<AITool>? ToTools(JsonArray? tools)
    {
        if (tools is null)
        {
            return null;
        }

        var result = new List<AITool>(tools.Count);
        foreach (var tool in tools)
        {
            if (tool is not JsonObject definition || (GetString(definition["type"]) ?? "function") != "function"
                || definition["function"] is not JsonObject function || GetString(function["name"]) is not { Length: > 0 } name)
            {
                continue;
            }

            var parameters = function["parameters"] is JsonObject schema ? ToElement(schema) : NoParameters;
            result.Add(AIFunctionFactory.CreateDeclaration(name, GetString(function["description"]), parameters));
        }

        return result.Count > 0 ? result : null;
    }

    private static ChatToolMode? ToToolMode(JsonNode? toolChoice)
    {
        if (toolChoice is JsonObject choice)
        {
            return GetString((choice["function"] as JsonObject)?["name"]) is { Length: > 0 } name
                ? ChatToolMode.RequireSpecific(name)
                : null;
        }

        return GetString(toolChoice) switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => null,
        };
    }

    private static JsonElement ToElement(JsonObject node) => JsonSerializer.SerializeToElement(node, G4FJsonContext.Default.JsonObject);
}
