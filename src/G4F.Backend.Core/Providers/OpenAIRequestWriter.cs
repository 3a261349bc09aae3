using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>Writes the body of <c>POST {BaseUrl}/chat/completions</c> straight from the request, without an intermediate JSON tree.</summary>
internal static class OpenAIRequestWriter
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

        // WriteTo serialises the caller's nodes in place: no copy, no re-parenting of the request's array.
        writer.WritePropertyName("messages");
        request.Messages.WriteTo(writer);
        writer.WriteBoolean("stream", true);
        writer.WriteStartObject("stream_options");
        writer.WriteBoolean("include_usage", true);
        writer.WriteEndObject();

        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p", topP);
        }

        if (request.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber("max_tokens", maxTokens);
        }

        // Under the name the client used: OpenAI's reasoning models take only this one. Both, when both were given; the
        // upstream decides what they mean together.
        if (request.MaxCompletionTokens is { } maxCompletionTokens)
        {
            writer.WriteNumber("max_completion_tokens", maxCompletionTokens);
        }

        if (request.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        WriteNode(writer, "stop", request.Stop);
        WriteNode(writer, "response_format", request.ResponseFormat);
        WriteNode(writer, "tools", request.Tools);
        WriteNode(writer, "tool_choice", request.ToolChoice);
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, string name, System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is null)
        {
            return;
        }

        writer.WritePropertyName(name);
        node.WriteTo(writer);
    }
}
