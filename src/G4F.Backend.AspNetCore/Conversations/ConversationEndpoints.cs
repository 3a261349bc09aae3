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
    private const string ConversationSuffix = "/backend-api/v2/conversation";

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
                // Bucket image URLs the client built from this server's own origin are read from disk, not fetched.
                request = request! with { ServerOrigin = StoredMediaFile.Origin(context.Request), MediaBase = MediaBase(context.Request) };
                return new EventStreamResult(conversations.StreamAsync(request, context.RequestAborted));
            }
            catch (ProviderNotFoundException ex)
            {
                return ErrorResults.NotFound(ex.Message);
            }
        }).DisableAntiforgery();
        api.MapMethodNotAllowed("/conversation", HttpMethods.Post);
    }

    /// <summary>
    /// Where this server's <c>/media/...</c> routes are mounted (PROTOCOL 1.1): the host's path base and the
    /// <c>MapG4FBackend</c> prefix, i.e. the request path without its <c>/backend-api/v2/conversation</c>.
    /// </summary>
    internal static string MediaBase(HttpRequest request)
    {
        var path = (request.PathBase + request.Path).ToUriComponent().TrimEnd('/');
        return path.EndsWith(ConversationSuffix, StringComparison.OrdinalIgnoreCase) ? path[..^ConversationSuffix.Length] : string.Empty;
    }
}
