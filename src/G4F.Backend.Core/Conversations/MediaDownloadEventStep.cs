using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// With <c>download_media</c> on, each media block a provider yields is stored and shown from this server
/// (<see cref="MediaDownloadStep"/>, PROTOCOL 7.2), named after the model that answers; other events pass as they are.
/// </summary>
internal sealed class MediaDownloadEventStep(MediaDownloadStep media) : ITurnEventStep
{
    public bool AppliesTo(TurnContext turn) => turn.MediaDownload is not null;

    public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
    {
        if (turn.MediaDownload is { } context && responseEvent is ContentEvent content && MediaDownloadStep.IsMedia(content))
        {
            return RewriteAsync(content, context with { Model = turn.Model }, turn, output, cancellationToken);
        }

        output.Add(responseEvent);
        return ValueTask.CompletedTask;
    }

    public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
    {
    }

    private async ValueTask RewriteAsync(ContentEvent content, MediaDownloadContext context, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken) =>
        output.Add(await media.RewriteAsync(content, context, turn.StoredMedia, cancellationToken).ConfigureAwait(false));
}
