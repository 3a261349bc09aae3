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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace G4F.Backend.AspNetCore.Memory;

/// <summary>
/// <c>POST</c> and <c>GET /memory/{user_id}</c> (PROTOCOL 9) over <see cref="MemoryService"/>, and the extras
/// <c>DELETE /memory/{user_id}</c> and <c>DELETE /memory/{user_id}/{memory_id}</c>. When the host identifies callers
/// (<c>UseCallerIdentity</c>), each route answers only for the caller's own user id: 401 anonymous, 403 another id.
/// </summary>
internal static class MemoryEndpoints
{
    private const string UserRoute = "/memory/{user_id}";
    private const string ItemRoute = "/memory/{user_id}/{memory_id}";
    private const int DefaultPageSize = 100;

    // The caller the group's check identified, for the handler: identifying twice would run the host's provider twice.
    private static readonly object CallerKey = new();

    public static void Map(IEndpointRouteBuilder api)
    {
        // Every route of a user's memory is in this group, so the access and user-id check runs once, before any
        // handler, and a route added here cannot skip it.
        var user = api.MapGroup(UserRoute).AddEndpointFilter(CheckUserAsync);
        user.MapPost(string.Empty, PostAsync).DisableAntiforgery();
        user.MapGet(string.Empty, GetAsync);
        user.MapDelete(string.Empty, DeleteAllAsync);
        user.MapDelete(ItemRoute[UserRoute.Length..], DeleteOneAsync);
        api.MapMethodNotAllowed(UserRoute, HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete);
        api.MapMethodNotAllowed(ItemRoute, HttpMethods.Delete);
    }

    private static async Task<IResult> PostAsync([FromRoute(Name = "user_id")] string userId, HttpContext context, MemoryService memory, IOptions<MemoryOptions> options)
    {
        // The x_api_key header (the original's mem0 key) means nothing to an embedded store and is ignored.
        var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Body is null)
        {
            return ErrorResults.Error(read.StatusCode, read.Error!);
        }

        var count = await memory.AddConversationAsync(userId, CallerOf(context), read.Body, context.RequestAborted).ConfigureAwait(false);
        return count.IsRefused ? ErrorResults.From(count.Refusal) : TypedResults.Json(new MemoryCount(count.Value), MemoryJsonContext.Default.MemoryCount);
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "user_id")] string userId, HttpContext context, MemoryService memory, IOptions<MemoryOptions> options, CancellationToken cancellationToken)
    {
        var request = context.Request;

        var maxPageSize = options.Value.MaxPageSize;
        if (!TryReadInt(request.Query, "page", 1, int.MaxValue, 1, out var page)
            || !TryReadInt(request.Query, "page_size", Math.Min(DefaultPageSize, maxPageSize), maxPageSize, 1, out var pageSize))
        {
            return ErrorResults.BadRequest($"page must be an integer of at least 1 and page_size an integer from 1 to {maxPageSize}");
        }

        var filters = Single(request.Query, "filters");
        var metadata = Single(request.Query, "metadata");

        // As in the original, an empty search is no search: the list.
        if (Single(request.Query, "search") is { Length: > 0 } search)
        {
            var found = await memory.SearchAsync(userId, CallerOf(context), search, filters, metadata, pageSize, cancellationToken).ConfigureAwait(false);
            return found.IsRefused
                ? ErrorResults.From(found.Refusal)
                : TypedResults.Json(found.Value.Select(r => ToEntry(r.Item, r.Score)), MemoryJsonContext.Default.IAsyncEnumerableMemoryEntry);
        }

        var listed = await memory.ListAsync(userId, CallerOf(context), filters, metadata, page, pageSize, cancellationToken).ConfigureAwait(false);
        if (listed.IsRefused)
        {
            return ErrorResults.From(listed.Refusal);
        }

        var result = listed.Value;
        var lastPage = Math.Max(1, (int)((result.TotalCount + (long)pageSize - 1) / pageSize));
        var next = page < lastPage ? PageLink(request, page + 1, pageSize) : null;
        var previous = page > 1 ? PageLink(request, Math.Min(page - 1, lastPage), pageSize) : null;
        return TypedResults.Json(
            new MemoryList(result.TotalCount, next, previous, result.Items.Select(item => ToEntry(item, null))),
            MemoryJsonContext.Default.MemoryList);
    }

    private static async Task<IResult> DeleteAllAsync([FromRoute(Name = "user_id")] string userId, HttpContext context, MemoryService memory, CancellationToken cancellationToken)
    {
        var deleted = await memory.DeleteAllAsync(userId, CallerOf(context), cancellationToken).ConfigureAwait(false);
        return deleted.IsRefused ? ErrorResults.From(deleted.Refusal) : TypedResults.Json(new MemoryDeleted(deleted.Value), MemoryJsonContext.Default.MemoryDeleted);
    }

    private static async Task<IResult> DeleteOneAsync(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "memory_id")] string memoryId, HttpContext context, MemoryService memory, CancellationToken cancellationToken)
    {
        return await memory.DeleteAsync(userId, CallerOf(context), memoryId, cancellationToken).ConfigureAwait(false) is { } refusal
            ? ErrorResults.From(refusal)
            : TypedResults.Json(new MemoryDeleted(1), MemoryJsonContext.Default.MemoryDeleted);
    }

    private static MemoryEntry ToEntry(MemoryItem item, double? score) =>
        new(item.Id, item.Content, item.UserId, new MemoryMetadata(item.ConversationId, item.Role), [], item.CreatedAt.UtcDateTime, item.UpdatedAt.UtcDateTime, score);

    /// <summary>
    /// The service's check, run early for every memory route: a refused caller is answered before the body is read or
    /// the query parsed (as before the service checked on its own), and the caller is identified once for the handler.
    /// The service checks again in each method; that repeat is a comparison, and what keeps other hosts safe.
    /// </summary>
    private static async ValueTask<object?> CheckUserAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var userId = context.GetRouteValue("user_id") as string ?? string.Empty;
        var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
        var refusal = context.RequestServices.GetRequiredService<MemoryService>().CheckUser(userId, caller);
        if (refusal is not null)
        {
            return ErrorResults.From(refusal);
        }

        context.Items[CallerKey] = caller;
        return await next(invocation).ConfigureAwait(false);
    }

    /// <summary>The caller <see cref="CheckUserAsync"/> identified; null when the host identifies nobody.</summary>
    /// <exception cref="InvalidOperationException">The route is outside the group: a missing caller must not read as "everything open".</exception>
    private static CallerIdentity? CallerOf(HttpContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller)
            ? caller as CallerIdentity
            : throw new InvalidOperationException("A memory route ran without the group's user check.");

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
