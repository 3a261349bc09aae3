using System.Globalization;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Identity;
using G4F.Backend.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>
/// <c>POST</c> and <c>GET /memory/{user_id}</c> (PROTOCOL 9) over <see cref="IMemoryStore"/>, and the extras
/// <c>DELETE /memory/{user_id}</c> and <c>DELETE /memory/{user_id}/{memory_id}</c>. When the host identifies callers
/// (<c>UseCallerIdentity</c>), each route answers only for the caller's own user id: 401 anonymous, 403 another id.
/// </summary>
internal static class MemoryEndpoints
{
    private const string UserRoute = "/memory/{user_id}";
    private const string ItemRoute = "/memory/{user_id}/{memory_id}";
    private const int DefaultPageSize = 100;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost(UserRoute, PostAsync).DisableAntiforgery();
        api.MapGet(UserRoute, GetAsync);
        api.MapDelete(UserRoute, DeleteAllAsync);
        api.MapDelete(ItemRoute, DeleteOneAsync);
        api.MapMethodNotAllowed(UserRoute, HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete);
        api.MapMethodNotAllowed(ItemRoute, HttpMethods.Delete);
    }

    private static async Task<IResult> PostAsync([FromRoute(Name = "user_id")] string userId, HttpContext context, IMemoryStore store, IOptions<G4FBackendOptions> options)
    {
        // The x_api_key header (the original's mem0 key) means nothing to an embedded store and is ignored.
        if (await RefusalAsync(context, userId).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.Memory.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Body is null)
        {
            return ErrorResults.Error(read.StatusCode, read.Error!);
        }

        if (!MemoryConversationReader.TryRead(read.Body, out var conversationId, out var messages, out var error))
        {
            return ErrorResults.BadRequest(error!);
        }

        var count = await store.AddConversationAsync(userId, conversationId!, messages!, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(new MemoryCount(count), MemoryJsonContext.Default.MemoryCount);
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "user_id")] string userId, HttpContext context, IMemoryStore store, IOptions<G4FBackendOptions> options, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(context, userId).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var request = context.Request;

        var maxPageSize = options.Value.Memory.MaxPageSize;
        if (!TryReadInt(request.Query, "page", 1, int.MaxValue, 1, out var page)
            || !TryReadInt(request.Query, "page_size", Math.Min(DefaultPageSize, maxPageSize), maxPageSize, 1, out var pageSize))
        {
            return ErrorResults.BadRequest($"page must be an integer of at least 1 and page_size an integer from 1 to {maxPageSize}");
        }

        if (!MemoryFilterParser.TryParse(userId, Single(request.Query, "filters"), Single(request.Query, "metadata"), out var filter, out var error))
        {
            return ErrorResults.BadRequest(error!);
        }

        // As in the original, an empty search is no search: the list.
        if (Single(request.Query, "search") is { Length: > 0 } search)
        {
            var found = await store.SearchAsync(userId, search, filter, pageSize, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(found.Select(r => ToEntry(r.Item, r.Score)).ToList(), MemoryJsonContext.Default.ListMemoryEntry);
        }

        var result = await store.ListAsync(userId, filter, page, pageSize, cancellationToken).ConfigureAwait(false);
        var lastPage = Math.Max(1, (int)((result.TotalCount + (long)pageSize - 1) / pageSize));
        var next = page < lastPage ? PageLink(request, page + 1, pageSize) : null;
        var previous = page > 1 ? PageLink(request, Math.Min(page - 1, lastPage), pageSize) : null;
        return TypedResults.Json(
            new MemoryList(result.TotalCount, next, previous, [.. result.Items.Select(item => ToEntry(item, null))]),
            MemoryJsonContext.Default.MemoryList);
    }

    private static async Task<IResult> DeleteAllAsync([FromRoute(Name = "user_id")] string userId, HttpContext context, IMemoryStore store, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(context, userId).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var deleted = await store.DeleteAllAsync(userId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new MemoryDeleted(deleted), MemoryJsonContext.Default.MemoryDeleted);
    }

    private static async Task<IResult> DeleteOneAsync(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "memory_id")] string memoryId, HttpContext context, IMemoryStore store, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(context, userId).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        return await store.DeleteAsync(userId, memoryId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Json(new MemoryDeleted(1), MemoryJsonContext.Default.MemoryDeleted)
            : ErrorResults.NotFound("Memory not found");
    }

    private static MemoryEntry ToEntry(MemoryItem item, double? score) =>
        new(item.Id, item.Content, item.UserId, new MemoryMetadata(item.ConversationId, item.Role), [], item.CreatedAt.UtcDateTime, item.UpdatedAt.UtcDateTime, score);

    /// <summary>
    /// The answer when the caller may not use <paramref name="userId"/>'s memory (checked first: whoever is not that
    /// user learns nothing about the id) or the id is invalid; null when the request may go on.
    /// </summary>
    private static async ValueTask<IResult?> RefusalAsync(HttpContext context, string userId)
    {
        var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
        return Callers.Refusal(UserDataAccess.ForUser(caller, userId))
            ?? (MemoryKeys.IsValidUserId(userId) ? null : ErrorResults.BadRequest($"Invalid user id: 1 to {MemoryKeys.MaxIdLength} characters, not blank"));
    }

    /// <summary>A query value given at most once (a repeated key is joined by commas and fails to parse where that matters).</summary>
    private static string? Single(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) ? values.ToString() : null;

    private static bool TryReadInt(IQueryCollection query, string key, int fallback, int max, int min, out int value)
    {
        value = fallback;
        return Single(query, key) is not { } text
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    /// <summary>
    /// The link to another page: this request's path and query with <c>page</c> and <c>page_size</c> set.
    /// Relative on purpose: an absolute link would trust the Host header and be wrong behind a proxy.
    /// </summary>
    private static string PageLink(HttpRequest request, int page, int pageSize)
    {
        var query = request.Query
            .Where(p => p.Key is not ("page" or "page_size"))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(new KeyValuePair<string, StringValues>("page_size", pageSize.ToString(CultureInfo.InvariantCulture)));
        return UriHelper.BuildRelative(request.PathBase, request.Path, QueryString.Create(query));
    }
}
