using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>Lenient reads of client JSON, where any field may have an unexpected shape.</summary>
internal static class JsonNodeReader
{
    /// <summary>The string value of <paramref name="node"/>, or null when it is absent or not a string.</summary>
    public static string? GetString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
