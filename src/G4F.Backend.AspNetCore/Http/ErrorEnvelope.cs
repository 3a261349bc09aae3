using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>The protocol's error body: <c>{"error": {"message": "..."}}</c> (PROTOCOL 1.3).</summary>
internal sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorDetail Error);
