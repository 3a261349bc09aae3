using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>The answer to a posted conversation: <c>{"count": n}</c> (PROTOCOL 9.1).</summary>
internal sealed record MemoryCount([property: JsonPropertyName("count")] int Count);
