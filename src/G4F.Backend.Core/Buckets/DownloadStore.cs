using System.Text;
using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Stores one finished download of a bucket's <c>downloads.json</c>: media under <c>media/</c> with an extension that
/// matches their type, everything else converted to a markdown document. An uploaded file is never overwritten:
/// a taken name gets a <c>-2</c>, <c>-3</c>... suffix; only a file named after the same URL (with its hash) is replaced.
/// Documents are converted by <see cref="BucketConversion"/>, as uploads are: in a conversion slot, under the conversion
/// time limit, their markdown capped at <see cref="Buckets.BucketOptions.MaxConvertedBytes"/> and the bucket's room.
/// </summary>
internal sealed class DownloadStore(BucketFileCommitter committer, ScratchSpace scratch, DocumentConverters converters, BucketConversion conversion, IOptions<BucketOptions> options)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Stores the body in <paramref name="temp"/> (deleted in any case); null when its type is unsupported or the bucket is full.</summary>
    public Task<BucketDownload?> StoreAsync(string bucketId, ScratchFile temp, DownloadResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return DownloadBody.IsMediaType(result.ContentType)
            ? StoreMediaAsync(bucketId, temp, result, cancellationToken)
            : StoreDocumentAsync(bucketId, temp, result, cancellationToken);
    }

    /// <summary>Whether <paramref name="contentType"/> is a page whose links may be followed.</summary>
    public static bool IsHtml(string? contentType) => contentType is "text/html" or "application/xhtml+xml";

    private async Task<BucketDownload?> StoreMediaAsync(string bucketId, ScratchFile temp, DownloadResult result, CancellationToken cancellationToken)
    {
        if (MediaTypes.ExtensionFor(result.ContentType) is not { } extension)
        {
            temp.Dispose();
            return null;
        }

        // The stored extension always matches the type, so the file is served as what it is.
        var (name, mode) = result.FileName switch
        {
            { } suggested when MediaTypes.ContentTypeOf(suggested) == MediaTypes.ContentTypeOf("x" + extension) => (suggested, BucketCommitMode.Unique),
            { } other => (DownloadNames.Fit(Path.GetFileNameWithoutExtension(other), extension), BucketCommitMode.Unique),
            null => (PageNames.MediaName(result.FinalUrl, extension), BucketCommitMode.Replace),
        };
        if (name is null)
        {
            temp.Dispose();
            return null;
        }

        return await committer.CommitAsync(bucketId, temp, BucketArea.Media, name, mode, cancellationToken).ConfigureAwait(false) is { } stored
            ? new BucketDownload(stored, IsMedia: true)
            : null;
    }

    private async Task<BucketDownload?> StoreDocumentAsync(string bucketId, ScratchFile temp, DownloadResult result, CancellationToken cancellationToken)
    {
        var html = IsHtml(result.ContentType);
        var converter = html ? converters.Find("page.html", "text/html") : converters.Find(result.FileName ?? string.Empty, result.ContentType);
        var (name, mode) = html || result.FileName is null
            ? (PageNames.MarkdownName(result.FinalUrl), BucketCommitMode.Replace)
            : (DownloadNames.Fit(result.FileName, ".md"), BucketCommitMode.Unique);
        if (converter is null || name is null)
        {
            temp.Dispose();
            return null;
        }

        using var markdown = scratch.CreateFile(ScratchPurpose.Conversion);

        // The same slots, time limit, output cap and client-safe errors as an upload's conversion. The charset the
        // server declared decides how the page's bytes are decoded.
        var contentType = result.Charset is { Length: > 0 } charset ? $"{result.ContentType}; charset={charset}" : result.ContentType;
        var room = Math.Min(options.Value.MaxConvertedBytes, await committer.RoomLeftAsync(bucketId, cancellationToken).ConfigureAwait(false));
        if (await conversion.ToFileAsync(converter, html ? "page.html" : result.FileName ?? name, contentType, temp.Path, markdown.Path, room, cancellationToken).ConfigureAwait(false) is { } error)
        {
            throw new DocumentConversionException(error);
        }

        // The raw body is not needed any more: never hold it and its markdown on disk at once.
        temp.Dispose();
        await File.AppendAllTextAsync(markdown.Path, $"\nSource: {result.FinalUrl.AbsoluteUri}\n", Utf8, cancellationToken).ConfigureAwait(false);
        return await committer.CommitAsync(bucketId, markdown, BucketArea.Document, name, mode, cancellationToken).ConfigureAwait(false) is { } stored
            ? new BucketDownload(stored, IsMedia: false)
            : null;
    }
}
