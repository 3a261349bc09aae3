using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using Microsoft.Extensions.AI;
using static G4F.Backend.Providers.JsonNodeReader;

namespace G4F.Backend.Providers;

/// <summary>Converts the protocol's chat messages (PROTOCOL 3.2) to <see cref="ChatMessage"/>s.</summary>
/// <remarks>
/// Bucket parts and <c>/files/</c> URLs are expected to be resolved by the conversation service
/// before a provider is called; parts this converter does not know are skipped, as the original's
/// providers skip them.
/// </remarks>
internal static class ChatMessageConverter
{
    private const string InvalidInput = "ValueError";

    public static List<ChatMessage> Convert(JsonArray messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var result = new List<ChatMessage>(messages.Count);
        foreach (var node in messages)
        {
            if (node is JsonObject message)
            {
                result.Add(ConvertMessage(message));
            }
        }

        return result;
    }

    private static ChatMessage ConvertMessage(JsonObject message)
    {
        var role = GetString(message["role"]) is { } given && !string.IsNullOrWhiteSpace(given) ? given : "user";
        var chatMessage = new ChatMessage { Role = ToChatRole(role), AuthorName = GetString(message["name"]) };
        if (role == "tool")
        {
            var callId = GetString(message["tool_call_id"]) ?? string.Empty;
            chatMessage.Contents.Add(new FunctionResultContent(callId, JoinText(message["content"])));
            return chatMessage;
        }

        AddContent(message["content"], chatMessage.Contents);
        if (message["tool_calls"] is JsonArray toolCalls)
        {
            foreach (var toolCall in toolCalls)
            {
                if (ToFunctionCall(toolCall as JsonObject) is { } call)
                {
                    chatMessage.Contents.Add(call);
                }
            }
        }

        return chatMessage;
    }

    private static ChatRole ToChatRole(string role) => role switch
    {
        // Chat clients know no developer role; OpenAI treats it as the system prompt of newer models.
        "system" or "developer" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        "tool" => ChatRole.Tool,
        _ => new ChatRole(role),
    };

    private static void AddContent(JsonNode? content, IList<AIContent> contents)
    {
        if (GetString(content) is { } text)
        {
            AddText(text, contents);
            return;
        }

        if (content is not JsonArray parts)
        {
            return;
        }

        foreach (var part in parts)
        {
            if (GetString(part) is { } item)
            {
                AddText(item, contents);
            }
            else if (part is JsonObject obj && ConvertPart(obj) is { } converted)
            {
                contents.Add(converted);
            }
        }
    }

    private static void AddText(string text, IList<AIContent> contents)
    {
        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }
    }

    private static AIContent? ConvertPart(JsonObject part)
    {
        var type = GetString(part["type"]);
        if ((type is null or "text") && GetString(part["text"]) is { Length: > 0 } text)
        {
            return new TextContent(text);
        }

        return type switch
        {
            "image_url" => ToImage(GetString((part["image_url"] as JsonObject)?["url"]) ?? GetString(part["image_url"])),
            "input_audio" => ToAudio(part["input_audio"] as JsonObject),
            _ => null,
        };
    }

    private static AIContent? ToImage(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseDataUri(url, mediaType: null);
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return new UriContent(uri, ImageMediaType(uri.AbsolutePath));
        }

        throw new ProviderException(InvalidInput, "image_url must be an http(s) URL or a data URI");
    }

    private static DataContent? ToAudio(JsonObject? audio)
    {
        var data = GetString(audio?["data"]);
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }

        var mediaType = GetString(audio?["format"])?.ToUpperInvariant() switch
        {
            null or "WAV" => "audio/wav",
            "MP3" or "MPEG" => "audio/mpeg",
            var other => throw new ProviderException(InvalidInput, $"input_audio format '{other.ToLowerInvariant()}' is not supported (wav or mp3)"),
        };
        if (data.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseDataUri(data, mediaType);
        }

        try
        {
            return new DataContent(System.Convert.FromBase64String(data), mediaType);
        }
        catch (FormatException ex)
        {
            throw new ProviderException(InvalidInput, "input_audio data is not valid base64", innerException: ex);
        }
    }

    private static DataContent ParseDataUri(string uri, string? mediaType)
    {
        try
        {
            return new DataContent(uri, mediaType);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new ProviderException(InvalidInput, "invalid data URI in message content", innerException: ex);
        }
    }

    private static string ImageMediaType(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".PNG" => "image/png",
        ".JPG" or ".JPEG" => "image/jpeg",
        ".GIF" => "image/gif",
        ".WEBP" => "image/webp",
        _ => "image/*",
    };

    private static FunctionCallContent? ToFunctionCall(JsonObject? toolCall)
    {
        var function = toolCall?["function"] as JsonObject;
        var name = GetString(function?["name"]);
        if (name is null)
        {
            return null;
        }

        var callId = GetString(toolCall!["id"]) ?? string.Empty;
        var arguments = function!["arguments"];
        return GetString(arguments) is { } json
            ? FunctionCallContent.CreateFromParsedArguments(json, callId, name, ParseArguments)
            : new FunctionCallContent(callId, name, ToArguments(arguments as JsonObject));
    }

    private static Dictionary<string, object?>? ParseArguments(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        // The request counted the string as one value; its own values are bounded before a tree is built of them.
        if (!JsonValueCount.IsWithin(json, JsonValueCount.MaxToolArguments))
        {
            throw new JsonException($"Tool call arguments may hold at most {JsonValueCount.MaxToolArguments} JSON values.");
        }

        using var document = JsonDocument.Parse(json);
        return ToArguments(document.RootElement);
    }

    private static Dictionary<string, object?>? ToArguments(JsonObject? arguments) =>
        arguments is null ? null : ToArguments(JsonSerializer.SerializeToElement(arguments, G4FJsonContext.Default.JsonObject));

    private static Dictionary<string, object?>? ToArguments(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Tool call arguments must be a JSON object.");
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }

    // A tool result's content may be text or an array of text parts; the client sends text.
    private static string JoinText(JsonNode? content)
    {
        if (GetString(content) is { } text)
        {
            return text;
        }

        if (content is not JsonArray parts)
        {
            return content?.ToJsonString() ?? string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(GetString(part) ?? GetString((part as JsonObject)?["text"]));
        }

        return builder.ToString();
    }
}
