using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A text delta of the answer, or a whole media block when <see cref="Urls"/> is set.</summary>
/// <param name="Content">Markdown text (or HTML for media blocks).</param>
public sealed record ContentEvent([property: JsonPropertyName("content")] string Content) : ResponseEvent("content")
{
    /// <summary>Media URLs of a media block.</summary>
    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>Alternative text (the prompt) of a media block.</summary>
    [JsonPropertyName("alt")]
    public string? Alt { get; init; }

    /// <summary>Audio data or URL for audio answers.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }
}
