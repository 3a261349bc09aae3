using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary><c>POST /conversation</c> (PROTOCOL 3): reads the body, runs the turn through <see cref="ConversationService"/>, writes the refusal or the event stream.</summary>
internal static class ConversationEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/conversation", async Task<IResult> (HttpContext context, ConversationService conversations, ConversationRequestReader reader) =>
        {
            var body = await ConversationBodyReader.ReadAsync(context.Request, reader, context.RequestAborted).ConfigureAwait(false);
            var read = body.Read;
            if (read.Body is null)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            var request = reader.Read(read.Body);
            if (request.IsRefused)
            {
                return ErrorResults.From(request.Refusal);
            }

            var input = new TurnInput
            {
                Caller = await Callers.IdentifyAsync(context).ConfigureAwait(false),

                // Bucket and media URLs the client built from this server's own origin are read from storage, not fetched;
                // the media URLs of the events carry the mount prefix.
                ServerOrigin = StoredMediaFile.Origin(context.Request),
                MediaBase = MountPath.Of(context),
                Media = body.FormMedia,
                ReadNotes = body.Notes ?? [],
            };
            var outcome = await conversations.RunAsync(request.Value, input, context.RequestAborted).ConfigureAwait(false);
            return outcome.IsRefused
                ? ErrorResults.Error(outcome.Refusal.StatusCode, outcome.Refusal.Message)
                : new EventStreamResult(outcome.Events);
        }).DisableAntiforgery();
        api.MapMethodNotAllowed("/conversation", HttpMethods.Post);
    }
}
