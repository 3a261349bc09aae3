using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// The flat folder of generated and downloaded media, <c>&lt;data&gt;/media/</c> (PROTOCOL 7.1), with real thumbnails
/// under <c>media/thumbnails/</c>. Stores a URL (through the <see cref="SafeDownloader"/>, media required) or a data URI
/// under the 7.1 name, and resolves names for the <c>/media</c> routes.
/// </summary>
internal sealed class MediaLibrary(DataPaths paths, SafeDownloader downloader, TempFiles tempFiles, ImageThumbnails thumbnails, IOptions<G4FBackendOptions> options, TimeProvider time)
{
    /// <summary>The media folder under the data directory.</summary>
    public const string Folder = "media";

    /// <summary>The thumbnail folder inside <see cref="Folder"/>.</summary>
    public const string Thumbnails = "thumbnails";

    /// <summary>The absolute media folder (created).</summary>
    public string Root => paths.Folder(Folder);

    /// <summary>
    /// The path of the stored media file named <paramref name="name"/> (sanitised here); null when the name is empty
    /// after sanitising or not a media name. The file need not exist.
    /// </summary>
    public string? PathOf(string? name) =>
        SafeName.TrySanitize(name, out var safe) && MediaTypes.IsMedia(safe) ? paths.Combine(Folder, safe) : null;

    /// <summary>
    /// The 7.1 file name: <c>&lt;unix time&gt;_&lt;tags+alt sanitised&gt;_&lt;16 hex of SHA-256(source)&gt;&lt;ext&gt;</c>, where the
    /// non-empty <paramref name="tags"/> (model, aspect ratio, resolution) and the alt text are joined with <c>+</c>.
    /// </summary>
    public static string NameFor(DateTimeOffset time, IEnumerable<string?> tags, string? alt, string source, string extension)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var words = string.Join('+', tags.Where(t => !string.IsNullOrWhiteSpace(t)).Append(alt ?? string.Empty));
        var label = SafeName.Sanitize(words);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
        var seconds = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return label.Length == 0 ? $"{seconds}_{hash}{extension}" : $"{seconds}_{label}_{hash}{extension}";
    }

    /// <summary>
    /// Stores the media at <paramref name="source"/> (an http/https URL or a <c>data:</c> URI) under its 7.1 name and
    /// returns that name. The time comes from the response's <c>Last-Modified</c> (or <c>Date</c>), else now.
    /// </summary>
    /// <exception cref="DownloadException">The source was refused, failed, or is not media; the message is client-safe.</exception>
    public async Task<string> StoreAsync(string source, IEnumerable<string?> tags, string? alt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var temp = tempFiles.NewPath();
        try
        {
            DateTimeOffset? lastModified;
            string? extension;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                if (source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                {
                    var type = await MediaDataUri.DecodeAsync(source, file, options.Value.Downloads.MaxBytes, cancellationToken).ConfigureAwait(false);
                    (lastModified, extension) = (null, MediaTypes.ExtensionFor(type));
                }
                else
                {
                    var result = await downloader.DownloadAsync(source, file, DownloadRequirement.Media, cancellationToken).ConfigureAwait(false);
                    lastModified = result.LastModified;
                    extension = ExtensionOfUrl(result.FinalUrl) ?? ExtensionOfUrl(new Uri(source)) ?? MediaTypes.ExtensionFor(result.ContentType);
                }

                extension ??= MediaTypes.ExtensionFor(await SniffAsync(file, cancellationToken).ConfigureAwait(false))
                    ?? throw new DownloadException(DownloadFailure.NotMedia, "The content is not image, audio or video.");
            }

            var name = NameFor(lastModified ?? time.GetUtcNow(), tags, alt, source, extension);
            paths.Folder(Folder);
            File.Move(temp, paths.Combine(Folder, name), overwrite: true);
            return name;
        }
        finally
        {
            TempFiles.Discard(temp);
        }
    }

    /// <summary>
    /// Stores media the server produced itself (synthesized speech, say) under its 7.1 name, with <paramref name="source"/>
    /// standing for the URL in the name's hash; at most <see cref="DownloadOptions.MaxBytes"/> are copied.
    /// </summary>
    /// <exception cref="DownloadException">The content is larger than the cap, or its type is not a media type.</exception>
    public async Task<string> StoreAsync(Stream content, string? contentType, string source, IEnumerable<string?> tags, string? alt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var extension = MediaTypes.ExtensionFor(contentType)
            ?? throw new DownloadException(DownloadFailure.NotMedia, "The content is not image, audio or video.");
        var temp = tempFiles.NewPath();
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > options.Value.Downloads.MaxBytes)
                    {
                        throw new DownloadException(DownloadFailure.TooLarge, "The content is larger than the download limit.");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            var name = NameFor(time.GetUtcNow(), tags, alt, source, extension);
            paths.Folder(Folder);
            File.Move(temp, paths.Combine(Folder, name), overwrite: true);
            return name;
        }
        finally
        {
            TempFiles.Discard(temp);
        }
    }

    /// <summary>
    /// The thumbnail of the stored image <paramref name="mediaPath"/> (max 400x400), created on first call; null when
    /// there is none (audio, video, GIF, an undecodable image): the caller serves the full file.
    /// </summary>
    public async Task<string?> ThumbnailAsync(string mediaPath, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(mediaPath);
        if (!MediaTypes.IsImage(name) || !File.Exists(mediaPath))
        {
            return null;
        }

        var thumbnail = Path.Combine(paths.Folder(Folder, Thumbnails), name);
        if (!File.Exists(thumbnail))
        {
            try
            {
                // Two first requests may both create it: each writes a temporary file and moves it into place.
                await thumbnails.CreateAsync(mediaPath, thumbnail, cancellationToken).ConfigureAwait(false);
            }
            catch (ConversionQueueTimeoutException)
            {
                // Every slot is busy: the full image stands in this time, and a later request makes the thumbnail.
            }
        }

        return File.Exists(thumbnail) ? thumbnail : null;
    }

    /// <summary>
    /// The size of the stored image named <paramref name="name"/>, writing its thumbnail on the way so the first
    /// <c>/thumbnail/</c> request finds it; null when the file is missing or is not an image that decodes.
    /// </summary>
    public async Task<ImageSize?> ImageSizeAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (path is null || !MediaTypes.IsImage(path) || !File.Exists(path))
        {
            return null;
        }

        var thumbnail = Path.Combine(paths.Folder(Folder, Thumbnails), Path.GetFileName(path));
        return await thumbnails.CreateAsync(path, thumbnail, cancellationToken).ConfigureAwait(false);
    }

    private static string? ExtensionOfUrl(Uri url)
    {
        var extension = Path.GetExtension(url.AbsolutePath);
        return MediaTypes.IsMedia(extension) ? extension.ToLowerInvariant() : null;
    }

    private static async Task<string?> SniffAsync(FileStream file, CancellationToken cancellationToken)
    {
        var header = new byte[MediaSniffer.HeaderLength];
        file.Position = 0;
        var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return MediaSniffer.Sniff(header.AsSpan(0, read));
    }
}
