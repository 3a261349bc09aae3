using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Debug: one raw upstream chunk (the protocol's <c>response</c> event).</summary>
/// <param name="Response">The chunk, as JSON or as a string.</param>
public sealed record UpstreamResponseEvent([property: JsonPropertyName("response")] JsonNode Response) : ResponseEvent("response");
