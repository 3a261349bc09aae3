using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// The list files of a bucket: <c>documents.txt</c> (every document, first-upload order) and <c>files.txt</c> (the
/// last upload). Writers hold the bucket lock; files are replaced atomically so readers never see half a list.
/// </summary>
internal sealed class BucketManifest(DataPaths paths)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

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
        var path = paths.Combine(DataPaths.Buckets, bucketId, listName);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Utf8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        return [.. text.Split('\n').Select(line => line.Trim()).Where(BucketFileNames.IsDocumentName).Distinct(StringComparer.Ordinal)];
    }

    private async Task WriteListAsync(string bucketId, string listName, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var folder = paths.Folder(DataPaths.Buckets, bucketId);
        var target = paths.Combine(DataPaths.Buckets, bucketId, listName);
        var temporary = Path.Join(folder, $".{listName}.{Guid.NewGuid():N}.tmp");
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(name).Append('\n');
        }

        try
        {
            await File.WriteAllTextAsync(temporary, text.ToString(), Utf8, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
