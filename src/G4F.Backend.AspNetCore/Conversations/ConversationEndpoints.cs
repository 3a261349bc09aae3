using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Conversations;
using G4F.Backend.Routing;
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
        api.MapPost("/conversation", async Task<IResult> (HttpContext context, ConversationService conversations, IOptions<G4FBackendOptions> options) =>
        {
            var read = await ConversationBodyReader.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is null)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            if (!ChatRequestReader.TryRead(read.Body, out var request, out var error))
            {
                return ErrorResults.BadRequest(error!);
            }

            try
            {
                // Bucket image URLs the client built from this server's own origin are read from disk, not fetched;
                // the media URLs of the events carry the mount prefix.
                request = request! with
                {
                    ServerOrigin = StoredMediaFile.Origin(context.Request),
                    MediaBase = MountPath.Of(context.Request, "/backend-api/v2/conversation"),
                };
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
