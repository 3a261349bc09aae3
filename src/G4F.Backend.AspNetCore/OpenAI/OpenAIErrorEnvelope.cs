using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>OpenAI's error body <c>{"error":{"message","type","param","code"}}</c>; also the last event of a stream that failed.</summary>
internal sealed record OpenAIErrorEnvelope([property: JsonPropertyName("error")] OpenAIError Error);
