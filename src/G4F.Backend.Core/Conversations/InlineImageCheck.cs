namespace G4F.Backend.Conversations;

/// <summary>
/// A turn for a named provider that takes only image bytes (Ollama) may have its remote <c>image_url</c> parts fetched:
/// at most <see cref="ConversationOptions.MaxAttachedMedia"/>, each URL this server's own media or safe to fetch, else
/// 400 before the stream, as for <c>media_url</c>. After the provider lookup, which names the provider. Automatic routing
/// is not checked here (its candidates are known only once the stream started): the safe downloader still refuses an
/// unsafe URL when the images are fetched, which ends that turn with a <c>MediaError</c>.
/// </summary>
internal sealed class InlineImageCheck(TurnMediaAttacher media) : ITurnCheck
{
    public async ValueTask<TurnRefusal?> CheckAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Route?.Provider?.Descriptor.TakesInlineImagesOnly != true)
        {
            return null;
        }

        var images = TurnMediaAttacher.RemoteImages(turn.Messages);
        return images.Count == 0 || await media.CheckAsync(images, turn.Input.ServerOrigin, "image_url", cancellationToken).ConfigureAwait(false) is not { } refused
            ? null
            : TurnErrors.MediaRefused(refused);
    }
}
