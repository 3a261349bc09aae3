namespace G4F.Backend.Memory;

/// <summary>
/// Per-user memory: the items of the conversations a user saved, listed in pages or searched by relevance
/// (PROTOCOL 9). Every call is scoped to one user; no call ever returns another user's items.
/// The default is an embedded SQLite database under the data directory; a host replaces it by
/// registering its own implementation before <c>AddG4FBackend</c>.
/// </summary>
public interface IMemoryStore
{
    /// <summary>
    /// Stores the items of one conversation for a user. The conversation is a snapshot: posting it again
    /// updates the items by position instead of duplicating them, and drops positions it no longer has.
    /// Items with empty content are not stored.
    /// </summary>
    /// <param name="userId">The user (1 to 200 characters, not blank).</param>
    /// <param name="conversationId">The conversation's id (1 to 200 characters).</param>
    /// <param name="messages">The conversation's items in order; the index is the item's position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of items stored.</returns>
    Task<int> AddConversationAsync(string userId, string conversationId, IReadOnlyList<MemoryMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Lists a user's items, newest first, one page at a time.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="filter">Conditions every item must meet, or null for all of the user's items.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="pageSize">Items per page, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The page and the number of items that meet the filter. The page's query has run when the task completes (a
    /// failing store fails the task, not the enumeration); the items' texts are read in bounded batches as
    /// <see cref="MemoryPage.Items"/> is enumerated, so a page of large items never sits in memory whole.
    /// </returns>
    Task<MemoryPage> ListAsync(string userId, MemoryFilter? filter, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Finds a user's items that match <paramref name="query"/>, the most relevant first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="query">Free text: words, <c>prefix*</c> words and <c>"quoted phrases"</c>.</param>
    /// <param name="filter">Conditions every item must meet, or null.</param>
    /// <param name="limit">The most results to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The matches with their scores, best first; empty when the query has no words. As with <see cref="ListAsync"/>, the
    /// search has run when the task completes, and the matches' texts are read in bounded batches as they are enumerated.
    /// Enumerate the matches once.
    /// </returns>
    Task<IAsyncEnumerable<MemorySearchResult>> SearchAsync(string userId, string query, MemoryFilter? filter, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of a user's items.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="memoryId">The item's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the user had such an item.</returns>
    Task<bool> DeleteAsync(string userId, string memoryId, CancellationToken cancellationToken = default);

    /// <summary>Deletes all of a user's items.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of items deleted.</returns>
    Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken = default);
}
