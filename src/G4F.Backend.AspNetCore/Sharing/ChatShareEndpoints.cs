using System.Globalization;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Requests;
using G4F.Backend.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Sharing;

/// <summary>
/// <c>POST</c> and <c>GET /chat/{share_id}</c> (PROTOCOL 8): shared chats, versioned by <c>updated</c>. When the host
/// identifies callers only the share's creator may post new versions (<see cref="ChatShareService"/> decides); reading
/// stays open, as share links need.
/// </summary>
internal static class ChatShareEndpoints
{
    private const string Pattern = "/chat/{shareId}";
    private const string JsonContentType = "application/json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost(Pattern, async Task<IResult> (string shareId, HttpContext context, ChatShareService shares, IOptions<SharingOptions> options) =>
        {
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            var authorized = await shares.AuthorizeSaveAsync(shareId, caller, context.RequestAborted).ConfigureAwait(false);
            if (authorized.IsRefused)
            {
                return ErrorResults.From(authorized.Refusal);
            }

            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxChatBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is null)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            // The whole chat has arrived: a disconnect now must not lose it, so the write is not cancelled.
            var id = authorized.Value;
            return await shares.SaveAsync(id, read.Body, caller, CancellationToken.None).ConfigureAwait(false) is { } refusal
                ? ErrorResults.From(refusal)
                : TypedResults.Json(new ShareIdResponse(id), SharingJsonContext.Default.ShareIdResponse);
        }).DisableAntiforgery();

        api.MapGet(Pattern, async Task<IResult> (string shareId, HttpContext context, ChatShareService shares) =>
        {
            var opened = await shares.OpenAsync(shareId, context.RequestAborted).ConfigureAwait(false);
            if (opened.Refusal is { Kind: RefusalKind.InvalidRequest } invalid)
            {
                return ErrorResults.From(invalid);
            }

            // The client polls every 5 seconds; no cache on the way may answer for the server.
            context.Response.Headers.CacheControl = "no-cache";
            if (opened.IsRefused)
            {
                return ErrorResults.From(opened.Refusal);
            }

            var share = opened.Value;
            var entityTag = new EntityTagHeaderValue($"\"{share.Updated.ToString(CultureInfo.InvariantCulture)}\"");
            context.Response.Headers.ETag = entityTag.ToString();
            if (IfNoneMatch.Matches(context.Request.Headers.IfNoneMatch, share.Updated))
            {
                await share.DisposeAsync().ConfigureAwait(false);
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }

            // The stored bytes as they are, with their length; the result disposes the stream when sent. Given the
            // tag, it also answers the standard preconditions (If-Match) for the version actually served.
            return TypedResults.Stream(share.Content, JsonContentType, entityTag: entityTag);
        });

        api.MapMethodNotAllowed(Pattern, HttpMethods.Get, HttpMethods.Post);
    }
}
