namespace G4F.Backend.Memory;

/// <summary>One page of a user's items.</summary>
/// <param name="TotalCount">How many of the user's items meet the filter, over all pages.</param>
/// <param name="Items">The items of the requested page, newest first.</param>
public sealed record MemoryPage(int TotalCount, IReadOnlyList<MemoryItem> Items);
