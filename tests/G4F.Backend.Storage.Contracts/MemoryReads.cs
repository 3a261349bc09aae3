using G4F.Backend.Memory;

namespace G4F.Backend.Storage.Contracts;

/// <summary>A memory store's lazily read pages and matches, read whole for assertions.</summary>
public static class MemoryReads
{
    /// <summary>The page with all of its items read.</summary>
    /// <param name="listing">The store's <see cref="IMemoryStore.ListAsync"/> call.</param>
    /// <returns>The page's total count and its items, in order.</returns>
    public static async Task<ReadPage> ReadAllAsync(this Task<MemoryPage> listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var page = await listing.ConfigureAwait(false);
        return new ReadPage(page.TotalCount, await page.Items.ToListAsync().ConfigureAwait(false));
    }

    /// <summary>The matches, all read.</summary>
    /// <param name="search">The store's <see cref="IMemoryStore.SearchAsync"/> call.</param>
    /// <returns>The matches, best first.</returns>
    public static async Task<List<MemorySearchResult>> ReadAllAsync(this Task<IAsyncEnumerable<MemorySearchResult>> search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return await (await search.ConfigureAwait(false)).ToListAsync().ConfigureAwait(false);
    }

    /// <summary>A page read whole.</summary>
    /// <param name="TotalCount">How many items meet the filter over all pages.</param>
    /// <param name="Items">The page's items, in order.</param>
    public sealed record ReadPage(int TotalCount, List<MemoryItem> Items);
}
