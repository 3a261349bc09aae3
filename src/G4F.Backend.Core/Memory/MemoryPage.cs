namespace G4F.Backend.Memory;

/// <summary>One page of a user's items.</summary>
/// <param name="TotalCount">How many of the user's items meet the filter, over all pages.</param>
/// <param name="Items">
/// The items of the requested page, newest first, read from the store as they are enumerated: a page of large items
/// never sits in memory whole, only a bounded batch of it. Enumerate it once. An item deleted between the page's
/// query and its enumeration is left out; one changed meanwhile is read as it is then.
/// </param>
public sealed record MemoryPage(int TotalCount, IAsyncEnumerable<MemoryItem> Items);
