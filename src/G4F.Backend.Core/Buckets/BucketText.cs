using System.Runtime.CompilerServices;
using System.Text;
using G4F.Backend.Documents;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The text of a bucket as a plain <c>GET /files/{id}</c> returns it (PROTOCOL 6.3): per document
/// <c>&lt;!-- File: name --&gt;</c>, its text, <c>&lt;-- End --&gt;</c>, always from the stored converted text,
/// never from a stale cache. Reading has no side effects (no downloads, nothing deleted).
/// </summary>
internal sealed class BucketText(DataPaths paths, BucketManifest manifest, DocumentConverters converters, BucketConversion conversion)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

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
            if (await DocumentTextAsync(bucketId, name, cancellationToken).ConfigureAwait(false) is not { } text)
            {
                continue;
            }

            // The original's framing, closing marker without "!" included; the text is trimmed as it trims it.
            foreach (var piece in pieces.Add($"<!-- File: {name} -->\n{text.Trim()}\n<-- End -->\n\n"))
            {
                yield return piece;
            }
        }

        if (pieces.Flush() is { } last)
        {
            yield return last;
        }
    }

    private async Task<string?> DocumentTextAsync(string bucketId, string name, CancellationToken cancellationToken)
    {
        var path = paths.Combine(DataPaths.Buckets, bucketId, name);
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            // Empty files are left out, as in the original; a document removed meanwhile is simply gone.
            return null;
        }

        try
        {
            if (name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                return await File.ReadAllTextAsync(path, Utf8, cancellationToken).ConfigureAwait(false);
            }

            // Archives (and anything else stored as is) are read by their converter at read time (PROTOCOL 6.2 step 2).
            var contentType = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "application/zip" : null;
            return converters.Find(name, contentType) is { } converter
                ? await conversion.ToStringAsync(converter, name, contentType, path, cancellationToken).ConfigureAwait(false)
                : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
