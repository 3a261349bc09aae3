using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Debug: the upstream request body (never with credentials).</summary>
/// <param name="Request">The body.</param>
public sealed record RequestEvent([property: JsonPropertyName("request")] JsonObject Request) : ResponseEvent("request");
