using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The body of a <see cref="FinishEvent"/>.</summary>
/// <param name="Reason">Upstream finish reason: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, ...</param>
public sealed record FinishReason([property: JsonPropertyName("reason")] string Reason);
