using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Conversations;
using G4F.Backend.Routing;
using G4F.Backend.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary><c>POST /conversation</c> (PROTOCOL 3): checks before the stream, then the event stream.</summary>
internal static class ConversationEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/conversation", async Task<IResult> (HttpContext context, ConversationService conversations, TurnMediaAttacher media, IOptions<G4FBackendOptions> options) =>
        {
            var body = await ConversationBodyReader.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            var read = body.Read;
            if (read.Body is null)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            if (!ChatRequestReader.TryRead(read.Body, out var request, out var error))
            {
                return ErrorResults.BadRequest(error!);
            }

            // Bucket and media URLs the client built from this server's own origin are read from disk, not fetched;
            // the media URLs of the events carry the mount prefix.
            var origin = StoredMediaFile.Origin(context.Request);
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            request = request! with
            {
                // The usage line names the authenticated caller when the host identifies callers, never the body's user.
                User = CallerUsage.TurnUser(request.User, caller),
                ServerOrigin = origin,
                MediaBase = MountPath.Of(context.Request, "/backend-api/v2/conversation"),
                Media = body.FormMedia ?? request.Media,
                ReadNotes = body.Notes is { Count: > 0 } notes ? [.. request.ReadNotes, .. notes] : request.ReadNotes,
            };

            // PROTOCOL 3.3: after the JSON, before the provider lookup.
            if (await media.CheckAsync(request.Media, origin, context.RequestAborted).ConfigureAwait(false) is { } refusal)
            {
                return ErrorResults.BadRequest(refusal);
            }

            try
            {
                return new EventStreamResult(conversations.StreamAsync(request, context.RequestAborted));
            }
            catch (ProviderNotFoundException ex)
            {
                return ErrorResults.NotFound(ex.Message);
            }
        }).DisableAntiforgery();
        api.MapMethodNotAllowed("/conversation", HttpMethods.Post);
    }
}
