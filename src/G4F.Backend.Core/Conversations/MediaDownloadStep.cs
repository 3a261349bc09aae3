using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Events;
using G4F.Backend.Media;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Conversations;

/// <summary>
/// PROTOCOL 7.2, applied per event by the turn's <see cref="MediaDownloadEventStep"/>: with <c>download_media</c> on, each media block a provider yields (see
/// <see cref="MediaEvents"/>) is stored in the media folder and shown from this server. Images whose first stored file
/// has a readable size become the HTML anchors of 3.5 (thumbnails under <c>/thumbnail/</c>), other images markdown,
/// videos <c>&lt;video&gt;</c>, audio <c>&lt;audio&gt;</c> with <c>data</c> the local URL. A URL that was refused or failed
/// stays remote. The URLs of one event download concurrently; events keep their order. Other events pass unchanged.
/// </summary>
internal sealed partial class MediaDownloadStep(MediaLibrary library, ILogger<MediaDownloadStep> logger)
{
    /// <summary>Downloads of one event running at once: enough for a batch of images, not a flood for one event.</summary>
    private const int MaxParallelDownloads = 4;

    private const string MediaRoute = "media";
    private const string ThumbnailRoute = "thumbnail";
    private const string AudioEnd = "</audio>";

    /// <summary>Whether <paramref name="responseEvent"/> is a media block this step rewrites.</summary>
    public static bool IsMedia(ResponseEvent responseEvent) =>
        responseEvent is ContentEvent content && (MediaEvents.IsVisualMedia(content) || MediaEvents.IsAudio(content));

    /// <summary>
    /// Stores the media of one event and returns the event as the client should see it; any other event is returned
    /// as it is. Never throws for a failed download (that URL stays remote); cancellation flows through.
    /// </summary>
    public Task<ContentEvent> RewriteAsync(ContentEvent media, MediaDownloadContext context, CancellationToken cancellationToken) =>
        RewriteAsync(media, context, stored: null, cancellationToken);

    /// <summary>
    /// Stores the media of one event as <see cref="RewriteAsync(ContentEvent, MediaDownloadContext, CancellationToken)"/>
    /// does, and notes each visual media URL in <paramref name="stored"/>.
    /// </summary>
    /// <param name="media">The event.</param>
    /// <param name="context">Where and under which tags the media are stored.</param>
    /// <param name="stored">Where each visual media URL is noted with its stored file (null when it stayed remote); null for nowhere.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    public async Task<ContentEvent> RewriteAsync(ContentEvent media, MediaDownloadContext context, ICollection<StoredTurnMedia>? stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(context);
        if (MediaEvents.IsVisualMedia(media))
        {
            return await RewriteVisualAsync(media, context, stored, cancellationToken).ConfigureAwait(false);
        }

        return MediaEvents.IsAudio(media) ? await RewriteAudioAsync(media, context, cancellationToken).ConfigureAwait(false) : media;
    }

    private async Task<ContentEvent> RewriteVisualAsync(ContentEvent media, MediaDownloadContext context, ICollection<StoredTurnMedia>? stored, CancellationToken cancellationToken)
    {
        var alt = string.IsNullOrWhiteSpace(media.Alt) ? context.Prompt : media.Alt;
        var sources = media.Urls!;
        var links = new StoredMediaLink[sources.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDownloads, CancellationToken = cancellationToken },
            async (i, token) => links[i] = await StoreAsync(sources[i], context, alt, token).ConfigureAwait(false)).ConfigureAwait(false);

        foreach (var link in links)
        {
            stored?.Add(new StoredTurnMedia(link.Name, alt));
        }

        string[] urls = [.. links.Select(l => l.Url)];
        var first = links.FirstOrDefault(l => l.Name is not null).Name;
        if (MediaEvents.IsVideo(media) || (first is not null && MediaTypes.ContentTypeOf(first)?.StartsWith("video/", StringComparison.Ordinal) == true))
        {
            return media with { Content = MediaMarkup.Videos(urls), Urls = urls, Alt = alt };
        }

        var size = first is null ? null : await SizeOfAsync(first, cancellationToken).ConfigureAwait(false);
        var content = size is { } known
            ? MediaMarkup.ImageAnchors([.. links.Select(l => (l.Url, l.Thumbnail))], alt, known)
            : MediaMarkup.ImageMarkdown(urls, alt);
        return media with { Content = content, Urls = urls, Alt = alt };
    }

    private async Task<ContentEvent> RewriteAudioAsync(ContentEvent media, MediaDownloadContext context, CancellationToken cancellationToken)
    {
        // A transcript the provider wrote after its audio element stays after ours.
        var end = media.Content.IndexOf(AudioEnd, StringComparison.OrdinalIgnoreCase);
        var tail = end < 0 ? string.Empty : media.Content[(end + AudioEnd.Length)..];

        // A data URI is played from the event itself (storing it would only copy it): it is the original's form.
        var data = media.Data!;
        if (!MediaMarkup.IsDataUri(data))
        {
            var alt = string.IsNullOrWhiteSpace(media.Alt) ? context.Prompt : media.Alt;
            data = (await StoreAsync(data, context, alt, cancellationToken).ConfigureAwait(false)).Url;
        }

        return media with { Content = MediaMarkup.Audio(data, null) + tail, Data = data };
    }

    private async Task<StoredMediaLink> StoreAsync(string source, MediaDownloadContext context, string? alt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(source) || source.StartsWith('/'))
        {
            // Already this server's (or a path the client resolves): nothing to fetch.
            return Kept(source, context.MediaBase);
        }

        try
        {
            var name = await library.StoreAsync(source, context.Tags, alt, cancellationToken).ConfigureAwait(false);
            var origin = MediaMarkup.IsDataUri(source) ? null : source;
            return new StoredMediaLink(
                MediaUrls.Local(context.MediaBase, MediaRoute, name, origin),
                MediaUrls.Local(context.MediaBase, ThumbnailRoute, name, origin),
                name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // A cancelled fetch may surface as a broken connection: the caller asked for cancellation and gets exactly that.
            throw new OperationCanceledException("The media download was cancelled.", ex, cancellationToken);
        }
        catch (DownloadException ex)
        {
            LogStoreFailed(logger, HostOf(source), ex.Reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Writing into the media folder failed: this server's trouble, shown to nobody but its log.
            LogStorageFailed(logger, HostOf(source), ex);
        }

        return Kept(source, context.MediaBase);
    }

    // Without a size the images are shown as markdown: a thumbnail that cannot be written must not fail the turn.
    private async Task<ImageSize?> SizeOfAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await library.ImageSizeAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ConversionQueueTimeoutException)
        {
            LogThumbnailFailed(logger, ex);
            return null;
        }
    }

    // A kept local /media/ URL still has a thumbnail route; anything else shows itself.
    private static StoredMediaLink Kept(string? url, string mediaBase)
    {
        url ??= string.Empty;
        var media = $"{mediaBase}/{MediaRoute}/";
        var thumbnail = url.StartsWith(media, StringComparison.Ordinal) ? $"{mediaBase}/{ThumbnailRoute}/{url[media.Length..]}" : url;
        return new StoredMediaLink(url, thumbnail, null);
    }

    // Only the host reaches the log: paths and query strings may carry tokens, data URIs are large.
    private static string HostOf(string source) =>
        MediaMarkup.IsDataUri(source) ? "a data URI"
        : Uri.TryCreate(source, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? uri.Host
        : "a URL without a host";

    [LoggerMessage(Level = LogLevel.Information, Message = "Storing media from {Host} failed ({Reason}); the remote URL is kept")]
    private static partial void LogStoreFailed(ILogger logger, string host, DownloadFailure reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the thumbnail of a stored image failed; the images are shown as markdown")]
    private static partial void LogThumbnailFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing media from {Host} in the media folder failed; the remote URL is kept")]
    private static partial void LogStorageFailed(ILogger logger, string host, Exception exception);
}
