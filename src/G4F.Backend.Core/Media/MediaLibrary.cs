using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// The media library (PROTOCOL 7.1): generated and downloaded media in the <see cref="IMediaStore"/>, with real
/// thumbnails beside them. Stores a URL (through the <see cref="SafeDownloader"/>, media required) or a data URI under the
/// 7.1 name, and opens names for the <c>/media</c> routes and the turn's attached media.
/// </summary>
internal sealed class MediaLibrary(IMediaStore store, SafeDownloader downloader, ScratchSpace scratch, ImageThumbnails thumbnails, IOptions<DownloadOptions> options, TimeProvider time)
{
    /// <summary>
    /// Sanitises <paramref name="name"/> (PROTOCOL 1.6) into <paramref name="stored"/>; false when nothing is left or it is
    /// not a media name. Sanitising leaves no separator and no <c>..</c>: the name cannot leave the library.
    /// </summary>
    public static bool TryName(string? name, out string stored) =>
        SafeName.TrySanitize(name, out stored) && MediaTypes.IsMedia(stored);

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
        DateTimeOffset? lastModified;
        string? extension;
        var file = scratch.OpenTransient(ScratchPurpose.Download);
        await using (file.ConfigureAwait(false))
        {
            if (source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                var type = await MediaDataUri.DecodeAsync(source, file, options.Value.MaxBytes, cancellationToken).ConfigureAwait(false);
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
            var name = NameFor(lastModified ?? time.GetUtcNow(), tags, alt, source, extension);
            file.Position = 0;
            await store.WriteAsync(MediaKey.Library(name), file, cancellationToken).ConfigureAwait(false);
            return name;
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
        var file = scratch.OpenTransient(ScratchPurpose.Download);
        await using (file.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > options.Value.MaxBytes)
                {
                    throw new DownloadException(DownloadFailure.TooLarge, "The content is larger than the download limit.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            var name = NameFor(time.GetUtcNow(), tags, alt, source, extension);
            file.Position = 0;
            await store.WriteAsync(MediaKey.Library(name), file, cancellationToken).ConfigureAwait(false);
            return name;
        }
    }

    /// <summary>
    /// Opens the stored media <paramref name="name"/> (sanitised here), or with <paramref name="thumbnail"/> its thumbnail
    /// (max 400x400, created on first call) when there is one: audio, video, GIF and undecodable images have none, nor an
    /// image while every conversion slot is busy, and then the full file stands in. Null when the media is not stored.
    /// </summary>
    public async Task<StoredBlob?> OpenAsync(string? name, bool thumbnail, CancellationToken cancellationToken)
    {
        if (!TryName(name, out var safe))
        {
            return null;
        }

        if (!thumbnail || !MediaTypes.IsImage(safe))
        {
            return await store.OpenReadAsync(MediaKey.Library(safe), cancellationToken).ConfigureAwait(false);
        }

        // One reader open at a time: a store may bound how many are open at once (the PostgreSQL store does), and a
        // request that held one while waiting for another could wait on itself. So the media is looked up, not opened,
        // before its thumbnail is opened, and it is closed again before the thumbnail it was made into is opened.
        if (await store.GetInfoAsync(MediaKey.Library(safe), cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        if (await store.OpenReadAsync(MediaKey.Thumbnail(safe), cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var media = await store.OpenReadAsync(MediaKey.Library(safe), cancellationToken).ConfigureAwait(false);
        if (media is null)
        {
            return null;
        }

        try
        {
            // Two first requests may both create it: the store replaces a blob as one step.
            await CreateThumbnailAsync(safe, media, cancellationToken).ConfigureAwait(false);
        }
        catch (ConversionQueueTimeoutException)
        {
            // Every slot is busy: the full image stands in this time, and a later request makes the thumbnail.
            media.Content.Position = 0;
            return media;
        }
        catch
        {
            await media.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await media.DisposeAsync().ConfigureAwait(false);

        // No thumbnail (an image that does not decode): the full image stands in.
        return await store.OpenReadAsync(MediaKey.Thumbnail(safe), cancellationToken).ConfigureAwait(false)
            ?? await store.OpenReadAsync(MediaKey.Library(safe), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the media <paramref name="name"/> (sanitised here) is stored.</summary>
    public async Task<bool> ExistsAsync(string? name, CancellationToken cancellationToken) =>
        TryName(name, out var safe) && await store.GetInfoAsync(MediaKey.Library(safe), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// The size of the stored image named <paramref name="name"/>, writing its thumbnail on the way so the first
    /// <c>/thumbnail/</c> request finds it; null when the file is missing or is not an image that decodes.
    /// </summary>
    public async Task<ImageSize?> ImageSizeAsync(string name, CancellationToken cancellationToken)
    {
        if (!TryName(name, out var safe) || !MediaTypes.IsImage(safe))
        {
            return null;
        }

        var media = await store.OpenReadAsync(MediaKey.Library(safe), cancellationToken).ConfigureAwait(false);
        if (media is null)
        {
            return null;
        }

        await using (media.ConfigureAwait(false))
        {
            return await CreateThumbnailAsync(safe, media, cancellationToken).ConfigureAwait(false);
        }
    }

    // The decoder reads files: the image is copied to scratch, the thumbnail written there and then stored.
    private async Task<ImageSize?> CreateThumbnailAsync(string name, StoredBlob media, CancellationToken cancellationToken)
    {
        using var source = scratch.CreateFile(ScratchPurpose.Thumbnail);
        using var target = scratch.CreateFile(ScratchPurpose.Thumbnail);
        var copy = source.Create(FileAccess.Write);
        await using (copy.ConfigureAwait(false))
        {
            media.Content.Position = 0;
            await media.Content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        }

        var size = await thumbnails.CreateAsync(source.Path, target.Path, name, cancellationToken).ConfigureAwait(false);
        if (target.Exists)
        {
            var small = target.OpenRead();
            await using (small.ConfigureAwait(false))
            {
                await store.WriteAsync(MediaKey.Thumbnail(name), small, cancellationToken).ConfigureAwait(false);
            }
        }

        return size;
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
