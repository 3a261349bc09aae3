using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>A memory in mem0's shape (PROTOCOL 9.2); <c>score</c> only in search answers.</summary>
internal sealed record MemoryEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("memory")] string Memory,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("metadata")] MemoryMetadata Metadata,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt,
    [property: JsonPropertyName("score"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score);
