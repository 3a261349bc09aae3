using G4F.Backend.Providers;
using G4F.Backend.Routing;

namespace G4F.Backend.Conversations;

/// <summary>
/// What the <see cref="MediaDownloadStep"/> needs to know about the turn: where the media routes are mounted, the tags
/// of stored file names (PROTOCOL 7.1) and the alt text of media that come without one.
/// </summary>
/// <param name="MediaBase">The escaped mount prefix of the media routes, <c>""</c> or e.g. <c>/g4f</c>.</param>
/// <param name="Model">The model that answers (the first tag).</param>
/// <param name="AspectRatio">The request's <c>aspect_ratio</c> (a tag).</param>
/// <param name="Resolution">The request's <c>resolution</c> (a tag).</param>
/// <param name="Prompt">The alt text of media without their own: the request's prompt or last user message.</param>
internal sealed record MediaDownloadContext(string MediaBase, string? Model, string? AspectRatio, string? Resolution, string? Prompt)
{
    /// <summary>The tags of stored file names, in order; empty ones are dropped when the name is made.</summary>
    public IReadOnlyList<string?> Tags => [Model, AspectRatio, Resolution];

    /// <summary>The context of <paramref name="request"/> as the provider is called with it, its media routes under <paramref name="mediaBase"/>.</summary>
    public static MediaDownloadContext For(ChatRequest request, string mediaBase = "") => For(UpstreamTurn.Of(request), mediaBase);

    /// <summary>The context of a turn with the messages and prompt its steps made, its media routes under <paramref name="mediaBase"/>.</summary>
    public static MediaDownloadContext For(UpstreamTurn turn, string mediaBase = "")
    {
        ArgumentNullException.ThrowIfNull(turn);
        var request = turn.Request;
        return new MediaDownloadContext(mediaBase, request.Model, request.AspectRatio, request.Resolution, MediaPrompt.Of(turn.Prompt, turn.Messages));
    }
}
