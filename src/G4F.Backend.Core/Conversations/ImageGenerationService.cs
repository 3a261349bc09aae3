using System.Text.Json.Nodes;
using G4F.Backend.Downloads;
using G4F.Backend.Events;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Requests;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>
/// Generates images for any host, the OpenAI front door's <c>/v1/images/generations</c>, a console app or a worker alike:
/// each image is one turn of the conversation pipeline (the same routing, fallback, usage log and media store as the g4f
/// route), run at once, and the images come back as the stored media files.
/// </summary>
public sealed class ImageGenerationService
{
    /// <summary>The most images of one request: each is one upstream call and one stored file.</summary>
    public const int MaxImages = 4;

    private const string MediaErrorName = "MediaError";

    private readonly TurnPipeline _pipeline;
    private readonly ProviderRegistry _providers;
    private readonly MediaLibrary _media;
    private readonly IOptions<DownloadOptions> _downloads;

    internal ImageGenerationService(TurnPipeline pipeline, ProviderRegistry providers, MediaLibrary media, IOptions<DownloadOptions> downloads)
    {
        _pipeline = pipeline;
        _providers = providers;
        _media = media;
        _downloads = downloads;
    }

    /// <summary>
    /// Chooses the provider and model (see <see cref="ImageGenerationRequest.Model"/>), runs one turn per image at once
    /// and answers the stored images; when a turn fails the others are cancelled and its failure is the answer.
    /// </summary>
    /// <param name="request">The prompt, model, provider, count and size.</param>
    /// <param name="input">What the host knows beyond the request (the caller, its key, this server's origin); <see cref="TurnInput.None"/> when nothing.</param>
    /// <param name="cancellationToken">Cancels the turns with their upstream calls.</param>
    /// <returns>The images, or the refusal or failure.</returns>
    /// <exception cref="ArgumentException">The prompt is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The count is not 1 to <see cref="MaxImages"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<ImageGenerationResult> GenerateAsync(ImageGenerationRequest request, TurnInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Prompt, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1, nameof(request));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Count, MaxImages, nameof(request));

        var (route, refused) = ImageRoute.Choose(request, _providers);
        if (route is null)
        {
            return refused!;
        }

        var chat = ChatFor(request, route);
        (List<GeneratedImage> Images, RequestRefusal? Refusal, ResponseEvent? Failure)[] results;
        using (var turns = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            results = await Task.WhenAll(Enumerable.Range(0, request.Count).Select(_ => RunOneAsync(chat, input, turns))).ConfigureAwait(false);
        }

        // The caller went away: nobody reads the answer.
        cancellationToken.ThrowIfCancellationRequested();

        // A turn cancelled because another failed has neither: the failure that cancelled it is the answer.
        foreach (var result in results)
        {
            if (result.Refusal is { } refusal)
            {
                return ImageGenerationResult.Refused(refusal);
            }

            if (result.Failure is { } failure)
            {
                return ImageGenerationResult.Failed(failure);
            }
        }

        return ImageGenerationResult.Of([.. results.SelectMany(r => r.Images).Take(request.Count)]);
    }

    /// <summary>
    /// Opens the stored bytes of <paramref name="image"/> (for a base64 answer), refused when the file is gone or larger
    /// than <c>G4F:Downloads:MaxBytes</c>, the most any stored media may be. The caller disposes the file's blob.
    /// </summary>
    /// <param name="image">An image of <see cref="GenerateAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The opened file, or the refusal (<see cref="RefusalKind.NotFound"/> or <see cref="RefusalKind.TooLarge"/>).</returns>
    public async Task<ServiceResult<StoredFile>> OpenAsync(GeneratedImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (await _media.OpenAsync(image.Name, thumbnail: false, cancellationToken).ConfigureAwait(false) is not { } blob)
        {
            return RequestRefusal.NotFound("File not found");
        }

        if (blob.Length > _downloads.Value.MaxBytes)
        {
            await blob.DisposeAsync().ConfigureAwait(false);
            return RequestRefusal.TooLarge("The stored image is larger than the media size limit");
        }

        return MediaFiles.Of(blob, SafeName.Sanitize(image.Name));
    }

    /// <summary>The turn of one image: the prompt as the user's message and as the image prompt, routed as <paramref name="route"/> says.</summary>
    private static ChatRequest ChatFor(ImageGenerationRequest request, ImageRoute route) => new()
    {
        Messages = [new JsonObject { ["role"] = "user", ["content"] = request.Prompt }],
        Prompt = request.Prompt,
        Model = route.Model,
        Provider = route.Provider,
        Ignored = route.Ignored,
        User = request.User,

        // The size also tags the stored file names, as an aspect ratio does on the g4f route.
        ImageSize = request.Size,
        AspectRatio = request.Size is { } size && size.Contains('x', StringComparison.Ordinal) ? size : null,
    };

    /// <summary>One image's turn: its images, or its refusal or failure; all empty when it was cancelled.</summary>
    private async Task<(List<GeneratedImage> Images, RequestRefusal? Refusal, ResponseEvent? Failure)> RunOneAsync(ChatRequest chat, TurnInput input, CancellationTokenSource turns)
    {
        var token = turns.Token;
        var images = new List<GeneratedImage>();
        RequestRefusal? refusal = null;
        ResponseEvent? failure = null;
        var turn = new TurnContext(chat, input) { StoredMedia = [] };
        try
        {
            if (await _pipeline.CheckAsync(turn, token).ConfigureAwait(false) is { } refused)
            {
                refusal = new RequestRefusal(refused.StatusCode == 404 ? RefusalKind.NotFound : RefusalKind.InvalidRequest, refused.Message);
            }
            else
            {
                // Read to the end: the turn records its usage line as it completes.
                var seen = 0;
                await foreach (var responseEvent in _pipeline.StreamAsync(turn, token).WithCancellation(token).ConfigureAwait(false))
                {
                    if (responseEvent is AuthEvent or ErrorEvent)
                    {
                        failure ??= responseEvent;
                    }

                    // The media step noted each image of the event before it was handed on: stored, or left remote.
                    for (; seen < turn.StoredMedia.Count; seen++)
                    {
                        var media = turn.StoredMedia[seen];
                        if (media.Name is { } name)
                        {
                            images.Add(new GeneratedImage(name, media.Alt));
                        }
                        else
                        {
                            failure ??= new ErrorEvent(MediaErrorName, "The generated image could not be fetched and stored");
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && refusal is null && failure is null)
        {
            // Another image failed first (its failure is the answer), or the caller went away.
            return ([], null, null);
        }

        failure ??= refusal is null && images.Count == 0 ? new ErrorEvent("ResponseError", "The provider answered without an image") : null;
        if (refusal is not null || failure is not null)
        {
            await turns.CancelAsync().ConfigureAwait(false);
        }

        return (images, refusal, failure);
    }
}
