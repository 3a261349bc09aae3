using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The error of an <see cref="OpenAIErrorEnvelope"/>; <c>param</c> (the request field at fault) and <c>code</c> are always
/// written, null when there is none, as OpenAI does: clients read them without checking that they exist.
/// </summary>
internal sealed record OpenAIError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
