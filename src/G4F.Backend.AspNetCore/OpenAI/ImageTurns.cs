using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Runs an image request as turns of the conversation pipeline, one per image and at once: the same routing, fallback,
/// usage log and media store as the g4f route, whose media step stores each image under <c>/media/</c>. The answer is
/// the stored images (file name and prompt), or the first failure (the other turns are cancelled then).
/// </summary>
internal static class ImageTurns
{
    private const string MediaPrefix = "/media/";

    /// <summary>The turn of one image: the prompt as the user's message and as the image prompt, routed as <paramref name="route"/> says.</summary>
    public static ChatRequest ChatFor(ImageGenerationRequest request, ImageRoute route) => new()
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

    /// <summary>Runs <paramref name="count"/> turns of <paramref name="chat"/> at once; the stored images, or the failure.</summary>
    public static async Task<(IReadOnlyList<TurnImage>? Images, OpenAIFailure? Failure)> RunAsync(
        ConversationService conversations, ChatRequest chat, int count, TurnInput input, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var turns = Enumerable.Range(0, count).Select(_ => RunOneAsync(conversations, chat, input, linked)).ToArray();
        var results = await Task.WhenAll(turns).ConfigureAwait(false);

        // A turn cancelled because another failed answers 499: the failure that cancelled it is the answer.
        if (results.Select(r => r.Failure).OfType<OpenAIFailure>().OrderBy(f => f.StatusCode == StatusCodes.Status499ClientClosedRequest).FirstOrDefault() is { } failure)
        {
            return (null, failure);
        }

        return ([.. results.SelectMany(r => r.Files!).Take(count)], null);
    }

    private static async Task<(List<TurnImage>? Files, OpenAIFailure? Failure)> RunOneAsync(
        ConversationService conversations, ChatRequest chat, TurnInput input, CancellationTokenSource turns)
    {
        var token = turns.Token;
        var files = new List<TurnImage>();
        OpenAIFailure? failure = null;
        try
        {
            var outcome = await conversations.RunAsync(chat, input, token).ConfigureAwait(false);
            if (outcome.IsRefused)
            {
                failure = OpenAIFailure.FromRefusal(outcome.Refusal);
            }

            // Read to the end: the turn records its usage line as it completes.
            await foreach (var responseEvent in outcome.Events.WithCancellation(token).ConfigureAwait(false))
            {
                if (OpenAIFailure.FromEvent(responseEvent) is { } failed)
                {
                    failure ??= failed;
                }
                else if (responseEvent is ContentEvent { Urls: { Count: > 0 } urls } media)
                {
                    foreach (var url in urls)
                    {
                        var stored = FileOf(url, out var file);
                        failure ??= stored;
                        if (file is not null)
                        {
                            files.Add(new(file, media.Alt));
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && failure is null)
        {
            // Another image failed first (its failure is the answer), or the client went away (nobody reads the answer).
            failure = new(StatusCodes.Status499ClientClosedRequest, "The request was cancelled", "invalid_request_error", null);
        }

        failure ??= files.Count == 0 ? new(StatusCodes.Status502BadGateway, "The provider answered without an image", "upstream_error", "ResponseError") : null;
        if (failure is not null)
        {
            await turns.CancelAsync().ConfigureAwait(false);
            return (null, failure);
        }

        return (files, null);
    }

    /// <summary>The stored file a media URL of the turn names; a failure when the image stayed remote (it could not be stored).</summary>
    private static OpenAIFailure? FileOf(string url, out string? file)
    {
        file = null;
        if (!url.StartsWith(MediaPrefix, StringComparison.Ordinal))
        {
            return new(StatusCodes.Status502BadGateway, "The generated image could not be fetched and stored", "upstream_error", "MediaError");
        }

        var end = url.AsSpan(MediaPrefix.Length).IndexOfAny('?', '#');
        var segment = end < 0 ? url[MediaPrefix.Length..] : url.Substring(MediaPrefix.Length, end);
        file = Uri.UnescapeDataString(segment);
        return null;
    }
}
