using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The provider indicates that the answer can be continued.</summary>
/// <param name="Continue">Provider-specific continuation hint.</param>
public sealed record ContinueEvent([property: JsonPropertyName("continue")] string Continue) : ResponseEvent("continue");
