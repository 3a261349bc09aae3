using System.Runtime.CompilerServices;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The text of a bucket as a plain <c>GET /files/{id}</c> returns it (PROTOCOL 6.3): per document
/// <c>&lt;!-- File: name --&gt;</c>, its text, <c>&lt;-- End --&gt;</c>, always from the stored text (an archive's from the
/// sidecar written at upload), streamed from disk piece by piece, never held whole. Reading has no side effects (no
/// downloads, nothing deleted); a bucket deleted meanwhile simply ends the text.
/// </summary>
internal sealed class BucketText(DataPaths paths, BucketManifest manifest)
{
    /// <summary>
    /// The bucket's text in the protocol's pieces (cut at line ends, 4-8 KiB); nothing when the bucket does not
    /// exist or holds no documents. <paramref name="bucketId"/> is already sanitised.
    /// </summary>
    public async IAsyncEnumerable<string> ReadAsync(string bucketId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!SafeName.TrySanitize(bucketId, out var sanitized) || sanitized != bucketId || !Directory.Exists(paths.Combine(DataPaths.Buckets, bucketId)))
        {
            yield break;
        }

        var pieces = new BucketTextPieces();
        foreach (var name in await manifest.DocumentsAsync(bucketId, cancellationToken).ConfigureAwait(false))
        {
            var (stream, bucketGone) = Open(bucketId, name);
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
    private (FileStream? Stream, bool BucketGone) Open(string bucketId, string name)
    {
        string path;
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            path = BucketFileNames.TextSidecar(paths, bucketId, name);
        }
        else if (name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            path = paths.Combine(DataPaths.Buckets, bucketId, name);
        }
        else
        {
            return (null, false);
        }

        FileStream stream;
        try
        {
            // Delete is shared so a concurrent re-upload or bucket delete is never blocked by a read (this handle keeps the old bytes).
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            // A document removed meanwhile is simply gone.
            return (null, false);
        }
        catch (DirectoryNotFoundException)
        {
            // The bucket was deleted during the read (or an archive has no sidecar): the text ends here.
            return (null, !Directory.Exists(paths.Combine(DataPaths.Buckets, bucketId)));
        }

        if (stream.CanSeek && stream.Length == 0)
        {
            // Empty files are left out, as in the original.
            stream.Dispose();
            return (null, false);
        }

        return (stream, false);
    }
}
