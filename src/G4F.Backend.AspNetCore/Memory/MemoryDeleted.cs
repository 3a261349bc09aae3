using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>The answer to a delete: <c>{"deleted": n}</c>.</summary>
internal sealed record MemoryDeleted([property: JsonPropertyName("deleted")] int Deleted);
