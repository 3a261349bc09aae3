using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A suggested conversation title.</summary>
/// <param name="Title">The title.</param>
public sealed record TitleEvent([property: JsonPropertyName("title")] string? Title) : ResponseEvent("title");
