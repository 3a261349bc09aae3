using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>
/// Reads model ids from the list shapes upstreams use: OpenAI <c>{"data":[{"id"}]}</c>, Ollama
/// <c>{"models":[{"name"}]}</c>, or a bare array of objects or strings.
/// </summary>
internal static class ModelListParser
{
    /// <summary>The ids in list order without duplicates, or null when the document has none of those shapes.</summary>
    public static IReadOnlyList<string>? Parse(JsonElement root)
    {
        var list = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && TryGetArray(root, "data", out var data) ? data
            : root.ValueKind == JsonValueKind.Object && TryGetArray(root, "models", out var models) ? models
            : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var ids = new List<string>(list.GetArrayLength());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            var id = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => StringProperty(item, "id") ?? StringProperty(item, "name") ?? StringProperty(item, "model"),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(id) && seen.Add(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static bool TryGetArray(JsonElement element, string name, out JsonElement array) =>
        element.TryGetProperty(name, out array) && array.ValueKind == JsonValueKind.Array;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
