using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>An alternative answer text.</summary>
/// <param name="Variant">The text.</param>
public sealed record VariantEvent([property: JsonPropertyName("variant")] string Variant) : ResponseEvent("variant");
