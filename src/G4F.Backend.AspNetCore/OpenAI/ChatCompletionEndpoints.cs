using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary><c>POST /chat/completions</c>: the OpenAI body read into a turn, run through the same pipeline as <c>/conversation</c>.</summary>
internal static class ChatCompletionEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/chat/completions", async Task<IResult> (HttpContext context, ConversationService conversations, ConversationRequestReader reader) =>
        {
            var cancellationToken = context.RequestAborted;
            var (request, failure) = await ChatCompletionRequestReader.ReadAsync(context.Request, reader, cancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                return failure!.ToResult();
            }

            var input = new TurnInput
            {
                Caller = await Callers.IdentifyAsync(context).ConfigureAwait(false),
                ServerOrigin = StoredMediaFile.Origin(context.Request),

                // Media the answer names (an image model's pictures) link the backend's media route where it is mounted.
                MediaBase = MediaRouteLink.MediaBase(context.Request, context.RequestServices.GetRequiredService<EndpointDataSource>()),
                CallerKey = CallerKeys.Of(context),
            };

            // The turn runs while its events are enumerated: with RequestAborted, a client that goes away cancels the upstream call.
            var outcome = await conversations.RunAsync(request.Chat, input, cancellationToken).ConfigureAwait(false);
            if (outcome.IsRefused)
            {
                return OpenAIFailure.FromRefusal(outcome.Refusal).ToResult();
            }

            var state = new CompletionState(request.Chat.Model, context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System, whole: !request.Stream);
            return request.Stream
                ? new ChatCompletionStreamResult(outcome.Events, request, state)
                : await ChatCompletionCollector.CollectAsync(outcome.Events, state, cancellationToken).ConfigureAwait(false);
        })
            .DisableAntiforgery()
            .WithName("OpenAIChatCompletions")
            .WithSummary("A chat completion, whole or streamed as chat.completion.chunk events.")
            .WithTags("OpenAI")
            // Whole, the answer is one completion; streamed ("stream": true), each event is a chunk. Produces keeps one
            // type a status, so the stream's schema is added to the 200 answer by a transformer.
            .Produces<ChatCompletion>(StatusCodes.Status200OK, "application/json")
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                {
                    content["text/event-stream"] = new OpenApiMediaType
                    {
                        Schema = await context.GetOrCreateSchemaAsync(typeof(ChatCompletionChunk), null, cancellationToken).ConfigureAwait(false),
                    };
                }
            })

            // A rejected key (the server's or the upstream's), then the errors of any upstream route.
            .Produces<OpenAIErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .ProducesUpstreamErrors();
    }
}
