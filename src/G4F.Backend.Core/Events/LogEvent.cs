using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A debug line of this request, sent after everything else when debug mode is on.</summary>
/// <param name="Log">The line.</param>
public sealed record LogEvent([property: JsonPropertyName("log")] string Log) : ResponseEvent("log");
