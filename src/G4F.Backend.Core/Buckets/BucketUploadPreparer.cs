using G4F.Backend.Documents;
using G4F.Backend.Media;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// PROTOCOL 6.2 steps 2-5 for one staged file, before any lock is held: sorts it into media, documents kept as they are
/// and documents converted to markdown, and writes the thumbnail, the UTF-8 copy or the conversion into the upload's
/// scratch folder. Refusals are client-safe messages, never exceptions.
/// </summary>
internal sealed class BucketUploadPreparer(DocumentConverters converters, BucketConversion conversion, ImageThumbnails thumbnails)
{
    /// <summary>
    /// What to move for <paramref name="file"/>, the <paramref name="index"/>th of the upload, its media entry and its
    /// refusal; all null when it is skipped silently. A conversion writes at most <paramref name="room"/> bytes.
    /// </summary>
    public async Task<(PreparedUpload? Move, BucketMediaItem? Media, string? Error)> PrepareAsync(StagedFile file, int index, ScratchFolder folder, long room, CancellationToken cancellationToken)
    {
        var name = file.Name;
        if (name.EndsWith("package-lock.json", StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        if (name.Equals(BucketFileNames.SharedChat, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, BucketUploader.ReservedName);
        }

        if (MediaTypes.IsMedia(name))
        {
            return await PrepareMediaAsync(file, folder.PathOf($"{index:D4}.thumbnail{Path.GetExtension(name)}"), cancellationToken).ConfigureAwait(false);
        }

        var archive = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (BucketFileNames.IsStoredAsIs(name) && !archive)
        {
            var stored = name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                ? await MarkdownAsUtf8Async(file, folder.PathOf($"{index:D4}.utf8.md"), cancellationToken).ConfigureAwait(false)
                : file.Path;
            return (new PreparedUpload(stored, name, IsMedia: false, null), null, null);
        }

        var contentType = archive ? "application/zip" : file.ContentType;
        if (converters.Find(name, contentType) is not { } converter)
        {
            // Anything else is skipped silently, as in the original (PROTOCOL 6.1).
            return (null, null, archive ? BucketConversion.GenericFailure : null);
        }

        var output = folder.PathOf($"{index:D4}.md");
        if (await conversion.ToFileAsync(converter, name, contentType, file.Path, output, room, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return (null, null, error);
        }

        // An archive is kept as it is and listed by its own name (PROTOCOL 6.2); its text is converted once, now, into a
        // hidden sidecar, instead of on every read.
        return archive
            ? (new PreparedUpload(file.Path, name, IsMedia: false, output), null, null)
            : (new PreparedUpload(output, $"{name}.md", IsMedia: false, null), null, null);
    }

    private async Task<(PreparedUpload? Move, BucketMediaItem? Media, string? Error)> PrepareMediaAsync(StagedFile file, string thumbnailPath, CancellationToken cancellationToken)
    {
        var name = file.Name;
        if (file.Length == 0)
        {
            // An empty file shows and plays nothing, and it would take a media file's place for no byte of the bucket.
            return (null, null, "The file is empty");
        }

        if (!MediaTypes.IsImage(name))
        {
            return (new PreparedUpload(file.Path, name, IsMedia: true, null), new BucketMediaItem(name), null);
        }

        ImageSize? decoded;
        try
        {
            decoded = await thumbnails.CreateAsync(file.Path, thumbnailPath, cancellationToken).ConfigureAwait(false);
        }
        catch (ConversionQueueTimeoutException ex)
        {
            return (null, null, ex.Message);
        }

        if (decoded is not { } size)
        {
            return (null, null, BucketUploader.NotAnImage);
        }

        var thumbnail = File.Exists(thumbnailPath) ? thumbnailPath : null;
        return (new PreparedUpload(file.Path, name, IsMedia: true, thumbnail), new BucketMediaItem(name) { Width = size.Width, Height = size.Height }, null);
    }

    // Markdown is kept as uploaded, but its text is read as UTF-8: one saved in another encoding (a declared charset,
    // else Windows-1252 for bytes that are not UTF-8) is stored converted to UTF-8, so its accents survive.
    private static async Task<string> MarkdownAsUtf8Async(StagedFile file, string converted, CancellationToken cancellationToken)
    {
        var source = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (source.ConfigureAwait(false))
        {
            var encoding = await DocumentEncoding.DetectAsync(source, file.ContentType, html: false, cancellationToken).ConfigureAwait(false);
            if (encoding.CodePage == DocumentEncoding.Utf8.CodePage)
            {
                return file.Path;
            }

            using var reader = new StreamReader(source, encoding, detectEncodingFromByteOrderMarks: false, 81920, leaveOpen: true);
            var target = new StreamWriter(converted, append: false, DocumentEncoding.Utf8, 81920);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new char[16 * 1024];
                int read;
                while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return converted;
    }
}
