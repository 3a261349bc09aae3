using G4F.Backend.Documents;
using G4F.Backend.Media;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// Phase 2 of an upload (PROTOCOL 6.2 steps 2-7): sorts the staged files into media, documents kept as they are and
/// documents converted to markdown, prepares thumbnails and conversions inside the staging folder (no lock held, as
/// that can take minutes), then moves everything into the bucket under the bucket lock, so concurrent uploads and
/// deletes of one bucket never lose or half-write a file.
/// </summary>
internal sealed class BucketUploader(
    DataPaths paths,
    BucketLocks locks,
    BucketManifest manifest,
    DocumentConverters converters,
    BucketConversion conversion,
    ImageThumbnails thumbnails)
{
    public const string NotAnImage = "The image could not be read";
    public const string ReservedName = "This file name is reserved";

    /// <summary>Processes and commits the staged files of <paramref name="staging"/> into bucket <paramref name="bucketId"/> (sanitised).</summary>
    public async Task<BucketUploadResult> CommitAsync(string bucketId, BucketStaging staging, CancellationToken cancellationToken)
    {
        var moves = new List<PreparedFile>();
        var media = new List<BucketMediaItem>();
        var errors = new List<BucketFileError>();
        for (var index = 0; index < staging.Files.Count; index++)
        {
            var file = staging.Files[index];
            var name = file.Name;
            if (name.EndsWith("package-lock.json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals(BucketFileNames.SharedChat, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new BucketFileError(name, ReservedName));
                continue;
            }

            if (MediaTypes.IsMedia(name))
            {
                var item = new BucketMediaItem(name);
                string? thumbnail = null;
                if (MediaTypes.IsImage(name))
                {
                    var thumbnailPath = Path.Join(staging.Folder, $"{index:D4}.thumbnail{Path.GetExtension(name)}");
                    if (await thumbnails.CreateAsync(file.Path, thumbnailPath, cancellationToken).ConfigureAwait(false) is not { } size)
                    {
                        errors.Add(new BucketFileError(name, NotAnImage));
                        continue;
                    }

                    item = item with { Width = size.Width, Height = size.Height };
                    thumbnail = File.Exists(thumbnailPath) ? thumbnailPath : null;
                }

                moves.Add(new PreparedFile(file.Path, name, IsMedia: true, thumbnail));
                media.Add(item);
            }
            else if (BucketFileNames.IsStoredAsIs(name))
            {
                moves.Add(new PreparedFile(file.Path, name, IsMedia: false, null));
            }
            else if (converters.Find(name, file.ContentType) is { } converter)
            {
                var output = Path.Join(staging.Folder, $"{index:D4}.md");
                var error = await conversion.ToFileAsync(converter, name, file.ContentType, file.Path, output, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    errors.Add(new BucketFileError(name, error));
                    continue;
                }

                moves.Add(new PreparedFile(output, $"{name}.md", IsMedia: false, null));
            }

            // Anything else is skipped silently, as in the original (PROTOCOL 6.1).
        }

        var documents = moves.Where(m => !m.IsMedia).Select(m => m.Name).Distinct(StringComparer.Ordinal).ToList();
        var gate = locks.For(bucketId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // From here on the request is committed: a client that goes away now must not leave half an upload.
            foreach (var move in moves)
            {
                Commit(bucketId, move);
            }

            await manifest.AddDocumentsAsync(bucketId, documents, CancellationToken.None).ConfigureAwait(false);
            await manifest.WriteFileListAsync(bucketId, documents, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        return new BucketUploadResult(documents, media, errors);
    }

    private void Commit(string bucketId, PreparedFile file)
    {
        if (!file.IsMedia)
        {
            paths.Folder(DataPaths.Buckets, bucketId);
            File.Move(file.Source, paths.Combine(DataPaths.Buckets, bucketId, file.Name), overwrite: true);
            return;
        }

        paths.Folder(DataPaths.Buckets, bucketId, BucketFileNames.Media);
        File.Move(file.Source, paths.Combine(DataPaths.Buckets, bucketId, BucketFileNames.Media, file.Name), overwrite: true);
        var thumbnail = paths.Combine(DataPaths.Buckets, bucketId, BucketFileNames.Thumbnails, file.Name);
        if (file.Thumbnail is null)
        {
            // A same-named upload without a thumbnail (a GIF now) must not keep showing the old picture.
            if (File.Exists(thumbnail))
            {
                File.Delete(thumbnail);
            }

            return;
        }

        paths.Folder(DataPaths.Buckets, bucketId, BucketFileNames.Thumbnails);
        File.Move(file.Thumbnail, thumbnail, overwrite: true);
    }

    private sealed record PreparedFile(string Source, string Name, bool IsMedia, string? Thumbnail);
}
