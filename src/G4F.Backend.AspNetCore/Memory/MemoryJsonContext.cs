using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>Source-generated JSON of the memory bodies (nulls are written: <c>next</c> and <c>previous</c> are null at the ends).</summary>
[JsonSerializable(typeof(MemoryList))]
[JsonSerializable(typeof(List<MemoryEntry>))]
[JsonSerializable(typeof(MemoryCount))]
[JsonSerializable(typeof(MemoryDeleted))]
internal sealed partial class MemoryJsonContext : JsonSerializerContext
{
}
