using System.Text.Json.Nodes;
using G4F.Backend.Identity;
using G4F.Backend.Requests;

namespace G4F.Backend.Memory;

/// <summary>
/// A user's memory for a host (PROTOCOL 9) over the <see cref="IMemoryStore"/>: ownership, ids, conversations and filters
/// are checked here, by every method, so a host without ASP.NET Core gets the same refusals as the HTTP routes. When the
/// host identifies callers (a non-null <see cref="CallerIdentity"/>), each user's memory is only the caller's own.
/// </summary>
public sealed class MemoryService
{
    private const string MemoryNotFound = "Memory not found";

    private readonly IMemoryStore _store;

    internal MemoryService(IMemoryStore store)
    {
        _store = store;
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may use the memory of <paramref name="userId"/>, checked first (whoever is not that
    /// user learns nothing about the id), and whether the id is valid. Every method of this service runs it itself; a host
    /// calls it on its own only to refuse before it reads a request's body or query.
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
    /// <param name="userId">The user id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="conversation">The posted object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many items were stored, or the refusal (<see cref="CheckUser"/>'s, an invalid conversation).</returns>
    public async Task<ServiceResult<int>> AddConversationAsync(string userId, CallerIdentity? caller, JsonObject conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (CheckUser(userId, caller) is { } refusal)
        {
            return refusal;
        }

        if (!MemoryConversationReader.TryRead(conversation, out var conversationId, out var messages, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        return await _store.AddConversationAsync(userId, conversationId!, messages!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of <paramref name="userId"/>'s memory, newest first, filtered by the <c>filters</c> and <c>metadata</c> values (PROTOCOL 9.2).</summary>
    /// <param name="userId">The user id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="filters">The <c>filters</c> JSON; null when absent.</param>
    /// <param name="metadata">The <c>metadata</c> JSON; null when absent.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="pageSize">The items a page holds.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or the refusal (<see cref="CheckUser"/>'s, an invalid filter).</returns>
    public async Task<ServiceResult<MemoryPage>> ListAsync(
        string userId, CallerIdentity? caller, string? filters, string? metadata, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (CheckUser(userId, caller) is { } refusal)
        {
            return refusal;
        }

        if (!MemoryFilterParser.TryParse(userId, filters, metadata, out var filter, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        return await _store.ListAsync(userId, filter, page, pageSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The items of <paramref name="userId"/>'s memory that best match <paramref name="query"/>, filtered like <see cref="ListAsync"/>.</summary>
    /// <param name="userId">The user id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="query">The search text; not empty.</param>
    /// <param name="filters">The <c>filters</c> JSON; null when absent.</param>
    /// <param name="metadata">The <c>metadata</c> JSON; null when absent.</param>
    /// <param name="limit">The most results.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The matches, best first, read as they are enumerated (<see cref="IMemoryStore.SearchAsync"/>), or the refusal (<see cref="CheckUser"/>'s, an invalid filter).</returns>
    public async Task<ServiceResult<IAsyncEnumerable<MemorySearchResult>>> SearchAsync(
        string userId, CallerIdentity? caller, string query, string? filters, string? metadata, int limit, CancellationToken cancellationToken = default)
    {
        if (CheckUser(userId, caller) is { } refusal)
        {
            return refusal;
        }

        if (!MemoryFilterParser.TryParse(userId, filters, metadata, out var filter, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        var found = await _store.SearchAsync(userId, query, filter, limit, cancellationToken).ConfigureAwait(false);
        return ServiceResult<IAsyncEnumerable<MemorySearchResult>>.Of(found);
    }

    /// <summary>Deletes one item of <paramref name="userId"/>'s memory.</summary>
    /// <param name="userId">The user id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="memoryId">The item's id.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Null when deleted; else the refusal (<see cref="CheckUser"/>'s, no such item of this user).</returns>
    public async Task<RequestRefusal?> DeleteAsync(string userId, CallerIdentity? caller, string memoryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memoryId);
        if (CheckUser(userId, caller) is { } refusal)
        {
            return refusal;
        }

        return await _store.DeleteAsync(userId, memoryId, cancellationToken).ConfigureAwait(false) ? null : RequestRefusal.NotFound(MemoryNotFound);
    }

    /// <summary>Deletes all of <paramref name="userId"/>'s memory.</summary>
    /// <param name="userId">The user id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many items were deleted, or <see cref="CheckUser"/>'s refusal.</returns>
    public async Task<ServiceResult<int>> DeleteAllAsync(string userId, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        if (CheckUser(userId, caller) is { } refusal)
        {
            return refusal;
        }

        return await _store.DeleteAllAsync(userId, cancellationToken).ConfigureAwait(false);
    }
}
