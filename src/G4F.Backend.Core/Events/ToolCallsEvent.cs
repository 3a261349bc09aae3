using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>OpenAI-style tool calls or tool-call deltas (fragments with the same index append).</summary>
/// <param name="ToolCalls">The calls.</param>
public sealed record ToolCallsEvent([property: JsonPropertyName("tool_calls")] JsonArray ToolCalls) : ResponseEvent("tool_calls");
