namespace G4F.Backend.Conversations;

/// <summary>
/// The attached media (already checked before the stream) become parts of the last user message. After the bucket
/// parts, whose inline media have the first claim on the media budget, and after the search, which reads the last
/// message as the text the client sent.
/// </summary>
internal sealed class AttachedMediaStep(TurnMediaAttacher media) : ITurnStep
{
    public bool RunsAfterFailure => false;

    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Media.Count > 0)
        {
            turn.Messages = await media.AttachAsync(turn.Messages, turn.Media, turn.Input.ServerOrigin, turn.Log, cancellationToken).ConfigureAwait(false);
        }
    }
}
