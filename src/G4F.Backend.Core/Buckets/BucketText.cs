using System.Runtime.CompilerServices;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The text of a bucket as a plain <c>GET /files/{id}</c> returns it (PROTOCOL 6.3): per document
/// <c>&lt;!-- File: name --&gt;</c>, its text, <c>&lt;-- End --&gt;</c>, always from the stored text (an archive's from the
/// sidecar written at upload), streamed from the <see cref="IBucketStore"/> piece by piece, never held whole. Reading has no side effects (no
/// downloads, nothing deleted); a bucket deleted meanwhile simply ends the text.
/// </summary>
internal sealed class BucketText(IBucketStore store, BucketManifest manifest)
{
    /// <summary>
    /// The bucket's text in the protocol's pieces (cut at line ends, 4-8 KiB); nothing when the bucket does not
    /// exist or holds no documents. <paramref name="bucketId"/> is already sanitised.
    /// </summary>
    public async IAsyncEnumerable<string> ReadAsync(string bucketId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!SafeName.TrySanitize(bucketId, out var sanitized) || sanitized != bucketId || !await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var pieces = new BucketTextPieces();
        foreach (var name in await manifest.DocumentsAsync(bucketId, cancellationToken).ConfigureAwait(false))
        {
            var (stream, bucketGone) = await OpenAsync(bucketId, name, cancellationToken).ConfigureAwait(false);
            if (bucketGone)
            {
                break;
            }

            if (stream is null)
            {
                continue;
            }

            await using (stream.ConfigureAwait(false))
            {
                await foreach (var piece in new BucketDocumentText(pieces).ReadAsync(stream, name, cancellationToken).ConfigureAwait(false))
                {
                    yield return piece;
                }
            }
        }

        if (pieces.Flush() is { } last)
        {
            yield return last;
        }
    }

    // The document's text: .md and .json files as they are, archives through their sidecar; anything else has none.
    private async Task<(Stream? Stream, bool BucketGone)> OpenAsync(string bucketId, string name, CancellationToken cancellationToken)
    {
        BucketFileKey key;
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            key = new BucketFileKey(bucketId, BucketArea.Text, $"{name}.md");
        }
        else if (name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            key = new BucketFileKey(bucketId, BucketArea.Document, name);
        }
        else
        {
            return (null, false);
        }

        // A concurrent re-upload or bucket delete is never blocked by a read: the opened blob keeps the old bytes.
        if (await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false) is not { } blob)
        {
            // A document removed meanwhile is simply gone; a bucket deleted during the read ends the text here.
            return (null, !await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false));
        }

        if (blob.Length == 0)
        {
            // Empty files are left out, as in the original.
            await blob.DisposeAsync().ConfigureAwait(false);
            return (null, false);
        }

        return (blob.Content, false);
    }
}
