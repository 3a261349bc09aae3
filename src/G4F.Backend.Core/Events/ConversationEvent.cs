using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Opaque provider session state, keyed by provider name; clients send it back next turn.</summary>
/// <param name="Conversation">The state map, <c>{"ProviderName": {...}}</c>.</param>
public sealed record ConversationEvent([property: JsonPropertyName("conversation")] JsonObject Conversation) : ResponseEvent("conversation");
