using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>A memory's metadata: the conversation it came from (as in the original) and its role.</summary>
internal sealed record MemoryMetadata(
    [property: JsonPropertyName("conversation_id")] string ConversationId,
    [property: JsonPropertyName("role")] string Role);
