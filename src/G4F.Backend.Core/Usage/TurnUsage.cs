using System.Buffers;
using System.Text.Json;
using G4F.Backend.Events;

namespace G4F.Backend.Usage;

/// <summary>The usage line a successful conversation turn records itself (PROTOCOL 3.8 step 8).</summary>
internal static class TurnUsage
{
    /// <summary><c>{"user", "model", "provider", "label", "prompt_tokens", "completion_tokens", "total_tokens"}</c>.</summary>
    /// <remarks>
    /// Written as a <c>JsonObject</c> of these values would write itself (default writer options), and its fields taken from
    /// the values by the rule <see cref="UsageLine"/> reads a line with, without reading the JSON back.
    /// </remarks>
    /// <exception cref="ArgumentException">A name holds text that is not valid Unicode (an unpaired surrogate).</exception>
    public static UsageLine Line(string? user, string? model, ProviderInfo provider, TokenUsage usage)
    {
        var label = provider.Label ?? provider.Name;
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            WriteName(json, "user"u8, user);
            WriteName(json, "model"u8, model);
            WriteName(json, "provider"u8, provider.Name);
            WriteName(json, "label"u8, label);
            json.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
            json.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
            json.WriteNumber("total_tokens"u8, usage.TotalTokens);
            json.WriteEndObject();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException("The entry holds text that is not valid Unicode.", nameof(user), ex);
        }

        var line = buffer.WrittenSpan.ToArray();

        // A surrogate in a name may be unpaired, which the writer replaced: the fields are then read back from what was written.
        return HasSurrogate(user) || HasSurrogate(model) || HasSurrogate(provider.Name)
            ? new UsageLine(line)
            : UsageLine.FromFields(line, user, model, provider.Name, usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens);
    }

    private static bool HasSurrogate(string? text) => text is not null && text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF');

    private static void WriteName(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

}
