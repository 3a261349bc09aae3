namespace G4F.Backend.Conversations;

/// <summary>
/// The attached media may be used (PROTOCOL 3.3): at most <see cref="G4FBackendOptions.MaxAttachedMedia"/>, and every
/// URL inline, this server's own, or safe to fetch. The only place the check runs.
/// </summary>
internal sealed class MediaCheck(TurnMediaAttacher media) : ITurnCheck
{
    public async ValueTask<TurnRefusal?> CheckAsync(TurnContext turn, CancellationToken cancellationToken) =>
        turn.Media.Count == 0 || await media.CheckAsync(turn.Media, turn.Input.ServerOrigin, cancellationToken).ConfigureAwait(false) is not { } refused
            ? null
            : TurnErrors.MediaRefused(refused);
}
