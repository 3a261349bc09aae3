using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Debug: the upstream's <c>x-*</c> response headers (rate limits and the like).</summary>
/// <param name="Headers">Header names and values.</param>
public sealed record HeadersEvent([property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string> Headers) : ResponseEvent("headers");
