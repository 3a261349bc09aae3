namespace G4F.Backend.Memory;

/// <summary>A search match.</summary>
/// <param name="Item">The matching item.</param>
/// <param name="Score">Relevance in [0, 1), higher is better: the BM25 score <c>s</c> mapped to <c>s / (1 + s)</c>.</param>
public sealed record MemorySearchResult(MemoryItem Item, double Score);
