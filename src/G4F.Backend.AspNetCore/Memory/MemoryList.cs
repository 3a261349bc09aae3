using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>
/// mem0's paged list: the total count, links to the neighbouring pages (null at the ends) and one page, written as its
/// items are read from the store (<see cref="G4F.Backend.Memory.MemoryPage.Items"/>).
/// </summary>
internal sealed record MemoryList(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("previous")] string? Previous,
    [property: JsonPropertyName("results")] IAsyncEnumerable<MemoryEntry> Results);
