using System.Text;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// The list files of a bucket: <c>documents.txt</c> (every document, first-upload order) and <c>files.txt</c> (the
/// last upload), records of the <see cref="IBucketStore"/>. Writers hold the bucket lock; the store replaces a record as
/// one step, so readers never see half a list. A list names at most the bucket's documents
/// (<see cref="BucketOptions.MaxDocuments"/>, and the downloads of one read past it), so it is read whole; a longer list
/// (written by hand or by an older version) is read up to that many names.
/// </summary>
internal sealed class BucketManifest(IBucketStore store, IOptions<BucketOptions> options)
{
    // The longest line a list holds: a document name (at most 255 UTF-8 bytes, as file systems allow) and its new line.
    private const int MaxLineBytes = 256;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The most names a list is read for: the limit, and the downloads of the read that reached it.</summary>
    private int MaxNames => options.Value.MaxDocuments + Math.Max(0, options.Value.MaxDownloads);

    /// <summary>
    /// The documents of the bucket in order: the manifest, then names of <c>files.txt</c> it lacks (a bucket written
    /// by an older version or by hand). Names that are not plain document names are ignored.
    /// </summary>
    public async Task<IReadOnlyList<string>> DocumentsAsync(string bucketId, CancellationToken cancellationToken)
    {
        var names = await ReadListAsync(bucketId, BucketFileNames.Manifest, cancellationToken).ConfigureAwait(false);
        var extra = await ReadListAsync(bucketId, BucketFileNames.FileList, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(names, StringComparer.Ordinal);
        var all = names.ToList();
        all.AddRange(extra.Where(seen.Add));
        return all;
    }

    /// <summary>The documents the manifest lists now. Caller holds the bucket lock when it decides on them.</summary>
    public async Task<HashSet<string>> ListedAsync(string bucketId, CancellationToken cancellationToken) =>
        new(await ReadListAsync(bucketId, BucketFileNames.Manifest, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);

    /// <summary>Appends <paramref name="names"/> that are not listed yet; a listed name keeps its place. Caller holds the bucket lock.</summary>
    public async Task AddDocumentsAsync(string bucketId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var current = await ReadListAsync(bucketId, BucketFileNames.Manifest, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(current, StringComparer.Ordinal);
        var added = names.Where(seen.Add).ToList();
        if (added.Count > 0)
        {
            await WriteListAsync(bucketId, BucketFileNames.Manifest, [.. current, .. added], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes <paramref name="name"/> from the manifest. Caller holds the bucket lock.</summary>
    public async Task RemoveDocumentAsync(string bucketId, string name, CancellationToken cancellationToken)
    {
        var current = await ReadListAsync(bucketId, BucketFileNames.Manifest, cancellationToken).ConfigureAwait(false);
        if (current.Contains(name, StringComparer.Ordinal))
        {
            await WriteListAsync(bucketId, BucketFileNames.Manifest, [.. current.Where(n => n != name)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Overwrites <c>files.txt</c> with this upload's documents (PROTOCOL 6.2 step 7). Caller holds the bucket lock.</summary>
    public Task WriteFileListAsync(string bucketId, IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        WriteListAsync(bucketId, BucketFileNames.FileList, names, cancellationToken);

    private async Task<IReadOnlyList<string>> ReadListAsync(string bucketId, string listName, CancellationToken cancellationToken)
    {
        var blob = await store.OpenReadAsync(new BucketFileKey(bucketId, BucketArea.Record, listName), cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return [];
        }

        string text;
        await using (blob.ConfigureAwait(false))
        {
            var bounded = new LengthLimitedStream(blob.Content, (long)MaxNames * MaxLineBytes);
            using var reader = new StreamReader(bounded, Utf8, detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return [.. text.Split('\n').Select(line => line.Trim()).Where(BucketFileNames.IsDocumentName).Distinct(StringComparer.Ordinal).Take(MaxNames)];
    }

    private async Task WriteListAsync(string bucketId, string listName, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(name).Append('\n');
        }

        using var content = new MemoryStream(Utf8.GetBytes(text.ToString()));
        await store.WriteAsync(new BucketFileKey(bucketId, BucketArea.Record, listName), content, cancellationToken).ConfigureAwait(false);
    }
}
