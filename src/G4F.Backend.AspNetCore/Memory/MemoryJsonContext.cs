using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>Source-generated JSON of the memory bodies (nulls are written: <c>next</c> and <c>previous</c> are null at the ends).</summary>
// Metadata alone for the bodies of items: the fast path writes synchronously and cannot await the items as the store reads them.
[JsonSerializable(typeof(MemoryList), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(IAsyncEnumerable<MemoryEntry>), GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(MemoryCount))]
[JsonSerializable(typeof(MemoryDeleted))]
internal sealed partial class MemoryJsonContext : JsonSerializerContext
{
}
