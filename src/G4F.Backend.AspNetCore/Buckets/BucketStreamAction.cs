using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>One event of the bucket stream (PROTOCOL 6.3), such as <c>{"action":"load","size":4120}</c>.</summary>
internal sealed record BucketStreamAction(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Count = null,
    [property: JsonPropertyName("size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Size = null,
    [property: JsonPropertyName("filename"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Filename = null);
