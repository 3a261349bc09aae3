using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>The inner object of <see cref="ErrorEnvelope"/>.</summary>
internal sealed record ErrorDetail([property: JsonPropertyName("message")] string Message);
