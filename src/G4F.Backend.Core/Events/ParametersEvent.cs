using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The request parameters the provider accepts, with their defaults (PROTOCOL 15).</summary>
/// <param name="Parameters">Parameter names and example values.</param>
public sealed record ParametersEvent([property: JsonPropertyName("parameters")] JsonObject Parameters) : ResponseEvent("parameters");
