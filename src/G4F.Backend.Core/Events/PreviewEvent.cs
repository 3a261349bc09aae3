using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Provisional content (image previews, progress, login links).</summary>
/// <param name="Preview">Markdown or HTML.</param>
public sealed record PreviewEvent([property: JsonPropertyName("preview")] string Preview) : ResponseEvent("preview")
{
    /// <summary>Preview media URLs.</summary>
    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>Alternative text.</summary>
    [JsonPropertyName("alt")]
    public string? Alt { get; init; }
}
