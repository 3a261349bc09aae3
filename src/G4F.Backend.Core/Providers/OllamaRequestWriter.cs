using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>
/// Writes the body of Ollama's <c>POST /api/chat</c> from an OpenAI-shaped request: messages converted by
/// <see cref="OllamaMessageWriter"/>, sampling parameters under <c>options</c>, <c>response_format</c> as <c>format</c>.
/// </summary>
internal static class OllamaRequestWriter
{
    public static HttpContent Create(ChatRequest request, string? model) =>
        JsonRequestContent.Create((request, model), static (writer, state) => Write(writer, state.request, state.model));

    private static void Write(Utf8JsonWriter writer, ChatRequest request, string? model)
    {
        writer.WriteStartObject();
        if (!string.IsNullOrEmpty(model))
        {
            writer.WriteString("model", model);
        }

        writer.WriteStartArray("messages");
        var messages = new OllamaMessageWriter(writer);
        foreach (var message in request.Messages)
        {
            if (message is JsonObject messageObject)
            {
                messages.Write(messageObject);
            }
        }

        writer.WriteEndArray();
        writer.WriteBoolean("stream", true);
        WriteOptions(writer, request);
        if (request.Tools is { } tools)
        {
            writer.WritePropertyName("tools");
            tools.WriteTo(writer);
        }

        WriteFormat(writer, request.ResponseFormat);
        writer.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter writer, ChatRequest request)
    {
        if (request is { Temperature: null, TopP: null, MaxTokens: null, MaxCompletionTokens: null, Stop: null, Seed: null })
        {
            return;
        }

        writer.WriteStartObject("options");
        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p", topP);
        }

        // Ollama has one limit for both of OpenAI's names; max_tokens wins when both were given.
        if ((request.MaxTokens ?? request.MaxCompletionTokens) is { } maxTokens)
        {
            writer.WriteNumber("num_predict", maxTokens);
        }

        if (request.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        // Ollama wants a list; OpenAI allows one string.
        if (OllamaMessageWriter.AsString(request.Stop) is { } single)
        {
            writer.WriteStartArray("stop");
            writer.WriteStringValue(single);
            writer.WriteEndArray();
        }
        else if (request.Stop is JsonArray stops)
        {
            writer.WritePropertyName("stop");
            stops.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary><c>json_object</c> → <c>"json"</c>; <c>json_schema</c> → its schema (Ollama structured outputs).</summary>
    private static void WriteFormat(Utf8JsonWriter writer, JsonNode? responseFormat)
    {
        if (responseFormat is not JsonObject format)
        {
            return;
        }

        switch (OllamaMessageWriter.AsString(format["type"]))
        {
            case "json_object":
                writer.WriteString("format", "json");
                break;
            case "json_schema" when format["json_schema"] is JsonObject { } jsonSchema && jsonSchema["schema"] is JsonObject schema:
                writer.WritePropertyName("format");
                schema.WriteTo(writer);
                break;
        }
    }
}
