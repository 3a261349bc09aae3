using System.Text.Json.Nodes;
using G4F.Backend.Identity;
using G4F.Backend.Requests;

namespace G4F.Backend.Memory;

/// <summary>
/// A user's memory for a host (PROTOCOL 9) over the <see cref="IMemoryStore"/>: ids, conversations and filters are
/// checked here. When the host identifies callers, each user's memory is only the caller's own.
/// </summary>
public sealed class MemoryService
{
    private readonly IMemoryStore _store;

    internal MemoryService(IMemoryStore store)
    {
        _store = store;
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may use the memory of <paramref name="userId"/>, checked first (whoever is not that
    /// user learns nothing about the id), and whether the id is valid. Every memory request starts with it.
    /// </summary>
    /// <param name="userId">The user id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody (everything open).</param>
    /// <returns>Null when the request may go on; else the refusal (401, 403, invalid id).</returns>
    public RequestRefusal? CheckUser(string userId, CallerIdentity? caller) =>
        AccessRefusals.Of(UserDataAccess.ForUser(caller, userId))
        ?? (MemoryIds.IsValidUserId(userId) ? null : RequestRefusal.Invalid($"Invalid user id: 1 to {MemoryIds.MaxLength} characters, not blank"));

    /// <summary>
    /// Remembers a conversation posted as <c>{"id": ..., "items": [{role, content}]}</c> (PROTOCOL 9.1); other keys are
    /// ignored, as the original ignored them.
    /// </summary>
    /// <param name="userId">A user id <see cref="CheckUser"/> accepted.</param>
    /// <param name="conversation">The posted object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many items were stored, or the refusal (an invalid conversation).</returns>
    public async Task<ServiceResult<int>> AddConversationAsync(string userId, JsonObject conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (!MemoryConversationReader.TryRead(conversation, out var conversationId, out var messages, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        return await _store.AddConversationAsync(userId, conversationId!, messages!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of <paramref name="userId"/>'s memory, newest first, filtered by the <c>filters</c> and <c>metadata</c> values (PROTOCOL 9.2).</summary>
    /// <param name="userId">A user id <see cref="CheckUser"/> accepted.</param>
    /// <param name="filters">The <c>filters</c> JSON; null when absent.</param>
    /// <param name="metadata">The <c>metadata</c> JSON; null when absent.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="pageSize">The items a page holds.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or the refusal (an invalid filter).</returns>
    public async Task<ServiceResult<MemoryPage>> ListAsync(string userId, string? filters, string? metadata, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (!MemoryFilterParser.TryParse(userId, filters, metadata, out var filter, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        return await _store.ListAsync(userId, filter, page, pageSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The items of <paramref name="userId"/>'s memory that best match <paramref name="query"/>, filtered like <see cref="ListAsync"/>.</summary>
    /// <param name="userId">A user id <see cref="CheckUser"/> accepted.</param>
    /// <param name="query">The search text; not empty.</param>
    /// <param name="filters">The <c>filters</c> JSON; null when absent.</param>
    /// <param name="metadata">The <c>metadata</c> JSON; null when absent.</param>
    /// <param name="limit">The most results.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The matches, best first, or the refusal (an invalid filter).</returns>
    public async Task<ServiceResult<IReadOnlyList<MemorySearchResult>>> SearchAsync(string userId, string query, string? filters, string? metadata, int limit, CancellationToken cancellationToken = default)
    {
        if (!MemoryFilterParser.TryParse(userId, filters, metadata, out var filter, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        var found = await _store.SearchAsync(userId, query, filter, limit, cancellationToken).ConfigureAwait(false);
        return ServiceResult<IReadOnlyList<MemorySearchResult>>.Of(found);
    }
}
