using System.Text;
using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>
/// The prompt of a media answer: the request's <c>prompt</c>, else the text of the last user message (PROTOCOL 7.2
/// step 1). It is what an image model is asked for and the alt text of the media stored for it.
/// </summary>
internal static class MediaPrompt
{
    /// <summary>The request's prompt, or the last user message text; null when neither has text.</summary>
    public static string? Of(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Of(request.Prompt, request.Messages);
    }

    /// <summary><paramref name="prompt"/>, or the last user message text of <paramref name="messages"/>; null when neither has text.</summary>
    public static string? Of(string? prompt, JsonArray messages) =>
        string.IsNullOrWhiteSpace(prompt) ? LastUserText(messages) : prompt;

    /// <summary>
    /// The text of the trailing run of user messages, each trimmed and joined by a newline, as the original's
    /// <c>get_last_user_message</c>: messages of other roles after it are skipped, text parts are concatenated.
    /// </summary>
    public static string? LastUserText(JsonArray messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var texts = new List<string>();
        var inRun = false;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is not JsonObject message || JsonNodeReader.GetString(message["role"]) != "user")
            {
                if (inRun)
                {
                    break;
                }

                continue;
            }

            inRun = true;
            if (TextOf(message["content"]) is { Length: > 0 } text)
            {
                texts.Add(text);
            }
        }

        texts.Reverse();
        return texts.Count == 0 ? null : string.Join('\n', texts);
    }

    private static string TextOf(JsonNode? content)
    {
        if (JsonNodeReader.GetString(content) is { } text)
        {
            return text.Trim();
        }

        if (content is not JsonArray parts)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is JsonObject item && JsonNodeReader.GetString(item["type"]) is null or "text" && JsonNodeReader.GetString(item["text"]) is { } partText)
            {
                builder.Append(partText);
            }
        }

        return builder.ToString().Trim();
    }
}
