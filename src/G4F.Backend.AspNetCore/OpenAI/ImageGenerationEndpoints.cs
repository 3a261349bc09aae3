using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Conversations;
using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// <c>POST /images/generations</c>: OpenAI's image body run as turns of the conversation pipeline (routing, usage, media
/// store). <c>url</c> answers link the backend's own <c>/media/</c> route, where the stored image is served;
/// <c>b64_json</c> answers carry the stored bytes.
/// </summary>
internal static class ImageGenerationEndpoints
{
    // A few fields and a prompt of at most 32,000 characters (up to 4 bytes each in UTF-8).
    private const long MaxBodyBytes = 160 * 1024;

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/images/generations", GenerateAsync)
            .DisableAntiforgery()
            .WithName("OpenAIImageGenerations")
            .WithSummary("Images for a prompt, as URLs of the backend's media route or base64.")
            .WithTags("OpenAI")
            .Produces<ImagesResponse>(StatusCodes.Status200OK)
            .Produces<OpenAIErrorEnvelope>(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> GenerateAsync(HttpContext context, ConversationService conversations, CatalogService catalog, MediaService media)
    {
        var aborted = context.RequestAborted;
        var read = await RequestBody.ReadJsonObjectAsync(context.Request, MaxBodyBytes, aborted).ConfigureAwait(false);
        if (read.Body is not { } body)
        {
            return OpenAIFailure.FromBodyRead(read.StatusCode, read.Error!).ToResult();
        }

        var (request, invalid) = ImageGenerationRequestReader.Read(body);
        if (request is null)
        {
            return invalid!.ToResult();
        }

        var services = context.RequestServices;
        string? mediaRoute = null;
        if (!request.Base64 && (mediaRoute = MediaRouteLink.FindRouteName(services.GetRequiredService<EndpointDataSource>(), context.Request.Path)) is null)
        {
            // Checked before any upstream call: the image would be generated and paid for, and nobody could fetch it.
            return OpenAIFailure.BadRequest("response_format url needs the backend's media route (MapG4FBackend); ask for b64_json", "unsupported_value").ToResult();
        }

        var (route, unroutable) = ImageRoute.Choose(request, catalog);
        if (route is null)
        {
            return unroutable!.ToResult();
        }

        var input = new TurnInput { Caller = await Callers.IdentifyAsync(context).ConfigureAwait(false), ServerOrigin = StoredMediaFile.Origin(context.Request) };
        var (images, failure) = await ImageTurns.RunAsync(conversations, CallerKeys.Apply(context, ImageTurns.ChatFor(request, route)), request.Count, input, aborted).ConfigureAwait(false);
        if (images is null)
        {
            return failure!.ToResult();
        }

        var created = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        if (mediaRoute is not null)
        {
            var links = services.GetRequiredService<LinkGenerator>();
            return TypedResults.Json(
                new ImagesResponse(created, [.. images.Select(i => new ImageData(MediaRouteLink.For(context, links, mediaRoute, i.File), null, i.Prompt))]),
                OpenAIJsonContext.Default.ImagesResponse);
        }

        var maxBytes = services.GetRequiredService<IOptions<DownloadOptions>>().Value.MaxBytes;
        return await ImageBase64Result.OpenAsync(media, images, created, maxBytes, StoredMediaFile.Origin(context.Request), aborted).ConfigureAwait(false);
    }
}
