using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace G4F.Backend.Sharing;

/// <summary>
/// A posted chat as a store keeps it: compact UTF-8 with the version first, every value written as it was parsed.
/// One form for every store, so the bytes a share serves do not depend on where it is kept.
/// </summary>
internal static class ChatShareJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Text in any script stays as compact as the client sent it; HTML-significant characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The chat with its version, its JSON in memory (a posted chat is bounded by <see cref="SharingOptions.MaxChatBytes"/>).</summary>
    public static ChatShare ToShare(JsonObject chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var content = new MemoryStream();
        using (var writer = new Utf8JsonWriter(content, WriterOptions))
        {
            // The version first: reading a stored chat's version then needs its first bytes only (key order carries
            // no meaning, PROTOCOL 1.2).
            writer.WriteStartObject();
            if (chat.TryGetPropertyValue(ChatVersion.PropertyName, out var updated))
            {
                writer.WritePropertyName(ChatVersion.PropertyName);
                WriteValue(writer, updated);
            }

            foreach (var (name, value) in chat)
            {
                if (name != ChatVersion.PropertyName)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        content.Position = 0;
        return new ChatShare(ChatVersion.Of(chat), content);
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
