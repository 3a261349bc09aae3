using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Conversations;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Reads an OpenAI chat completion body (at most the backend's conversation body limit) into the turn's request. Only
/// the fields the front door supports are taken over; anything else (vendor extras) is left out rather than
/// half-honoured. A field of the wrong shape, or tools and schemas beyond their bounds, is a 400, as OpenAI answers it.
/// </summary>
internal static class ChatCompletionRequestReader
{
    // Fields that mean the same in the conversation request (PROTOCOL 3.1) and are moved over unchanged, and
    // max_completion_tokens, which the strict reader takes under its own name so that OpenAI-compatible upstreams get
    // the name the client used (OpenAI's reasoning models refuse max_tokens).
    private static readonly string[] Passed =
        ["model", "provider", "messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "seed", "stop", "user", "tools", "tool_choice", "response_format"];

    public static async Task<(ChatCompletionRequest? Request, OpenAIFailure? Failure)> ReadAsync(
        HttpRequest request, ConversationRequestReader reader, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadJsonObjectAsync(request, reader.MaxBodyBytes, reader.MaxJsonValues, cancellationToken).ConfigureAwait(false);
        if (read.Body is not { } body)
        {
            return (null, OpenAIFailure.FromBodyRead(read.StatusCode, read.Error!));
        }

        if (Check(body) is { } invalid)
        {
            return (null, invalid);
        }

        var stream = body["stream"] is JsonValue streamValue && streamValue.GetValue<bool>();
        var includeUsage = body["stream_options"] is JsonObject options && options["include_usage"] is JsonValue usage && usage.GetValue<bool>();
        var conversation = new JsonObject();
        foreach (var name in Passed)
        {
            // A node has one parent: moved, not copied, so a large message list is never duplicated.
            if (body.Remove(name, out var value) && value is not null)
            {
                conversation[name] = value;
            }
        }

        var chat = reader.ReadStrict(conversation);
        return chat.IsRefused
            ? (null, OpenAIFailure.BadRequest(chat.Refusal.Message, param: chat.Refusal.Field))
            : (new ChatCompletionRequest(chat.Value!, stream, includeUsage), null);
    }

    private static OpenAIFailure? Check(JsonObject body)
    {
        foreach (var name in (ReadOnlySpan<string>)["model", "provider"])
        {
            if (!IsKind(body[name], JsonValueKind.String))
            {
                return OpenAIFailure.BadRequest("model and provider must be strings", "invalid_type", name);
            }
        }

        if (!IsBoolean(body["stream"]))
        {
            return OpenAIFailure.BadRequest("stream and stream_options.include_usage must be booleans", "invalid_type", "stream");
        }

        if (body["stream_options"] is not (null or JsonObject)
            || (body["stream_options"] is JsonObject options && !IsBoolean(options["include_usage"])))
        {
            return OpenAIFailure.BadRequest("stream and stream_options.include_usage must be booleans", "invalid_type", "stream_options");
        }

        if (body["n"] is JsonValue n && !(n.TryGetValue<long>(out var count) && count == 1)
            || body["n"] is JsonArray or JsonObject)
        {
            return OpenAIFailure.BadRequest("Only one choice per request is supported: n must be 1", "unsupported_parameter", "n");
        }

        return body["messages"] is JsonArray { Count: > 0 }
            ? null
            : OpenAIFailure.BadRequest("messages must be a non-empty array", "invalid_type", "messages");
    }

    private static bool IsKind(JsonNode? node, JsonValueKind kind) => node is null || node.GetValueKind() == kind;

    private static bool IsBoolean(JsonNode? node) => node is null || node.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
}
