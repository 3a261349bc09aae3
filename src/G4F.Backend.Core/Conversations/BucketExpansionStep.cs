using G4F.Backend.Buckets;

namespace G4F.Backend.Conversations;

/// <summary>Bucket references and this server's <c>/files/...</c> images in the messages become their text and media (PROTOCOL 3.2).</summary>
internal sealed class BucketExpansionStep(BucketPartExpander bucketParts) : ITurnStep
{
    public bool RunsAfterFailure => false;

    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        try
        {
            turn.Messages = await bucketParts.ExpandAsync(turn.Messages, turn.Input.ServerOrigin, turn.Log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BucketReadException("Reading the files of a bucket failed", ex);
        }
    }
}
