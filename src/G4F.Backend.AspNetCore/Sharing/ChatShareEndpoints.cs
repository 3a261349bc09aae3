using System.Globalization;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Buckets;
using G4F.Backend.Sharing;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Sharing;

/// <summary>
/// <c>POST</c> and <c>GET /chat/{share_id}</c> (PROTOCOL 8): shared chats, versioned by <c>updated</c>. When the host
/// identifies callers only the share's creator may post new versions (the owner of the bucket folder of that id,
/// <see cref="BucketOwners"/>); reading stays open, as share links need.
/// </summary>
internal static class ChatShareEndpoints
{
    private const string Pattern = "/chat/{shareId}";
    private const string InvalidShareId = "Invalid share id";
    private const string JsonContentType = "application/json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost(Pattern, async Task<IResult> (string shareId, HttpContext context, OwnedChatShares shares, BucketOwners owners, IOptions<SharingOptions> options) =>
        {
            if (!SafeName.TrySanitize(shareId, out var id))
            {
                return ErrorResults.BadRequest(InvalidShareId);
            }

            // A fast refusal before the body is read; the save decides again, and claims a new id, in its own step.
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            if (Callers.Refusal(await owners.CheckAsync(id, caller, context.RequestAborted).ConfigureAwait(false)) is { } denied)
            {
                return denied;
            }

            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxChatBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is null)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            // The whole chat has arrived: a disconnect now must not lose it, so the write is not cancelled.
            // An unchanged or outdated chat answers like a stored one: the client fires and forgets, and its
            // next poll brings it the newer chat.
            var (access, _) = await shares.SaveAsync(id, read.Body, caller, CancellationToken.None).ConfigureAwait(false);
            return Callers.Refusal(access) ?? TypedResults.Json(new ShareIdResponse(id), SharingJsonContext.Default.ShareIdResponse);
        }).DisableAntiforgery();

        api.MapGet(Pattern, async Task<IResult> (string shareId, HttpContext context, IChatShareStore store) =>
        {
            if (!SafeName.TrySanitize(shareId, out var id))
            {
                return ErrorResults.BadRequest(InvalidShareId);
            }

            // The client polls every 5 seconds; no cache on the way may answer for the server.
            context.Response.Headers.CacheControl = "no-cache";
            var share = await store.OpenAsync(id, context.RequestAborted).ConfigureAwait(false);
            if (share is null)
            {
                return ErrorResults.NotFound("Not found");
            }

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
