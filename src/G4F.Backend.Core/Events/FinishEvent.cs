using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The upstream's finish reason.</summary>
/// <param name="Finish">The reason.</param>
public sealed record FinishEvent([property: JsonPropertyName("finish")] FinishReason Finish) : ResponseEvent("finish");
