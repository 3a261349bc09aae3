using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.Memory;

/// <summary>
/// Reads the conversation object of <c>POST /memory/{user_id}</c> (PROTOCOL 9.1): <c>id</c> and
/// <c>items</c> of <c>{role, content}</c>; other keys are ignored, as the original ignored them.
/// </summary>
internal static class MemoryConversationReader
{
    /// <summary>Far more than a conversation has; a bound on what one request can make the store do.</summary>
    public const int MaxItems = 10_000;

    public static bool TryRead(JsonObject body, out string? conversationId, out List<MemoryMessage>? messages, out string? error)
    {
        conversationId = null;
        messages = null;
        if (body["id"] is not JsonValue idValue || idValue.GetValueKind() != JsonValueKind.String
            || idValue.GetValue<string>() is not { } id || !MemoryIds.IsValidConversationId(id))
        {
            error = $"id must be a conversation id of 1 to {MemoryIds.MaxLength} characters";
            return false;
        }

        if (body["items"] is not JsonArray items)
        {
            error = "items must be an array";
            return false;
        }

        if (items.Count > MaxItems)
        {
            error = $"items must hold at most {MaxItems} messages";
            return false;
        }

        var read = new List<MemoryMessage>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item)
            {
                error = $"items[{i}] must be an object";
                return false;
            }

            if (!TryReadContent(item["content"], out var content))
            {
                error = $"items[{i}].content must be a string or an array of parts";
                return false;
            }

            read.Add(new MemoryMessage(ReadRole(item["role"]), content));
        }

        conversationId = id;
        messages = read;
        error = null;
        return true;
    }

    // A missing or blank role is a user message, as in the conversation endpoint.
    private static string ReadRole(JsonNode? role) =>
        role is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : "user";

    /// <summary>
    /// A string, or the client's multimodal form: an array of strings and <c>{"type": "text", "text": ...}</c>
    /// parts, whose text parts are joined by new lines (images and audio have no text to remember).
    /// Null or missing is empty: the store skips empty items.
    /// </summary>
    private static bool TryReadContent(JsonNode? node, out string content)
    {
        content = string.Empty;
        switch (node)
        {
            case null:
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                content = value.GetValue<string>();
                return true;
            case JsonArray parts:
                var text = new StringBuilder();
                foreach (var part in parts)
                {
                    var partText = part switch
                    {
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                        JsonObject o when o["text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String => t.GetValue<string>(),
                        _ => null,
                    };
                    if (!string.IsNullOrEmpty(partText))
                    {
                        text.Append(text.Length > 0 ? "\n" : string.Empty).Append(partText);
                    }
                }

                content = text.ToString();
                return true;
            default:
                return false;
        }
    }
}
