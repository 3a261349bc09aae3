using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Follow-up questions the client shows as buttons.</summary>
/// <param name="Suggestions">The questions.</param>
public sealed record SuggestionsEvent([property: JsonPropertyName("suggestions")] IReadOnlyList<string> Suggestions) : ResponseEvent("suggestions");
