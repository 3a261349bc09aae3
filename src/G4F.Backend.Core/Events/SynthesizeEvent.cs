using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The answer can be spoken by a speech provider.</summary>
/// <param name="Synthesize">Provider and parameters.</param>
public sealed record SynthesizeEvent([property: JsonPropertyName("synthesize")] SynthesizeData Synthesize) : ResponseEvent("synthesize");
