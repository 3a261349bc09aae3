using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The request parameters the provider accepts, with their defaults (PROTOCOL 15).</summary>
/// <param name="Parameters">The parameters and the values the turn runs with.</param>
public sealed record ParametersEvent([property: JsonPropertyName("parameters")] TurnParameters Parameters) : ResponseEvent("parameters");
