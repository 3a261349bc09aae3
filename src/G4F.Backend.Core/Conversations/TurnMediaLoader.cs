using G4F.Backend.Buckets;
using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>
/// Loads the bytes and media type of one medium attached to a turn: uploaded bytes as they are, a data URI decoded,
/// this server's own bucket media (the bucket's own files, never a <c>?url=</c> copy) and media-library files read from their
/// stores (never fetched, PROTOCOL 7.5), any other URL
/// fetched through the <see cref="SafeDownloader"/> with media required.
/// </summary>
internal sealed class TurnMediaLoader(SafeDownloader downloader, MediaUrlFallback library, BucketMediaFetcher buckets, IOptions<DownloadOptions> options)
{
    /// <summary>
    /// The medium's bytes and type, or null when it is dropped (missing, malformed, or more than
    /// <paramref name="maxBytes"/>): the reason is noted in <paramref name="log"/>.
    /// </summary>
    /// <exception cref="TurnMediaException">A URL could not be fetched.</exception>
    public async Task<LoadedMedia?> LoadAsync(ChatMedia media, string? serverOrigin, long maxBytes, RequestLog log, CancellationToken cancellationToken)
    {
        var label = Label(media);
        if (media.Url is not { } url)
        {
            return media.Data.Length > maxBytes
                ? OverBudget(label, log)
                : new LoadedMedia(media.Data, TypeOf(media.Data.Span, media.ContentType, media.Name));
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return await DecodeAsync(url, label, maxBytes, log, cancellationToken).ConfigureAwait(false);
        }

        if (LocalFileUrl.TryParse(url, serverOrigin, out var bucketFile))
        {
            // As for bucket media parts: an image is sent as its thumbnail when there is one (smaller, what the user saw).
            // Only the bucket's own files: a ?url= copy is served to a request naming its URL, never as the bucket's file.
            var blob = await buckets.OpenStoredAsync(bucketFile.BucketId, bucketFile.FileName, MediaTypes.IsImage(bucketFile.FileName), cancellationToken).ConfigureAwait(false);
            return await ReadAsync(blob, bucketFile.FileName, label, maxBytes, log, cancellationToken).ConfigureAwait(false);
        }

        if (LocalMediaUrl.TryParse(url, serverOrigin, out var mediaFile))
        {
            // What the route serves, the copy of its ?url= included (whole), with no fetch.
            StoredBlob? blob;
            try
            {
                blob = await library.OpenWithoutFetchAsync(mediaFile.FileName, mediaFile.Kind == "thumbnail", mediaFile.FallbackUrl, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A thumbnail that cannot be written is no reason to drop the image: the full file stands in, as the route serves it.
                log.Add($"Attached {label}: its thumbnail could not be made; the full image is sent");
                blob = await library.OpenWithoutFetchAsync(mediaFile.FileName, thumbnail: false, mediaFile.FallbackUrl, cancellationToken).ConfigureAwait(false);
            }

            return await ReadAsync(blob, mediaFile.FileName, label, maxBytes, log, cancellationToken).ConfigureAwait(false);
        }

        return await FetchAsync(url, media.Name, serverOrigin, label, maxBytes, log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LoadedMedia?> DecodeAsync(string url, string label, long maxBytes, RequestLog log, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        try
        {
            var type = await MediaDataUri.DecodeAsync(url, body, Math.Min(maxBytes, options.Value.MaxBytes), cancellationToken).ConfigureAwait(false);
            return new LoadedMedia(body.GetBuffer().AsMemory(0, (int)body.Length), type);
        }
        catch (DownloadException ex) when (ex.Reason == DownloadFailure.TooLarge && maxBytes < options.Value.MaxBytes)
        {
            return OverBudget(label, log);
        }
        catch (DownloadException ex)
        {
            log.Add($"Dropped attached {label}: {ex.Message}");
            return null;
        }
    }

    private async Task<LoadedMedia?> FetchAsync(string url, string? name, string? serverOrigin, string label, long maxBytes, RequestLog log, CancellationToken cancellationToken)
    {
        var host = SafeDownloader.TryCheckUrl(url, out var uri, out _) ? uri!.Host : "an invalid URL";
        if (uri is not null && ServerOrigin.Owns(serverOrigin, uri))
        {
            // This server's own URL that names no stored media: asking ourselves over the network is never right.
            throw new TurnMediaException(host, new DownloadException(DownloadFailure.Unsafe, "A URL of this server that names no stored media is not fetched."));
        }

        if (maxBytes <= 0)
        {
            return OverBudget(label, log);
        }

        var downloads = options.Value;
        using var body = new MemoryStream();
        try
        {
            var result = await downloader.DownloadAsync(url, body, new DownloadRequirement(RequireMedia: true, MaxBytes: maxBytes), cancellationToken).ConfigureAwait(false);
            var type = result.ContentType ?? (name is null ? null : MediaTypes.ContentTypeOf(name)) ?? MediaTypes.ContentTypeOf(result.FinalUrl.AbsolutePath);
            return new LoadedMedia(body.GetBuffer().AsMemory(0, (int)body.Length), type);
        }
        catch (DownloadException ex) when (ex.Reason == DownloadFailure.TooLarge && maxBytes < downloads.MaxBytes)
        {
            // The request's budget, not the download limit, was the cap: the medium is dropped, the turn goes on.
            return OverBudget(label, log);
        }
        catch (DownloadException ex)
        {
            throw new TurnMediaException(host, ex);
        }
    }

    private static async Task<LoadedMedia?> ReadAsync(StoredBlob? blob, string name, string label, long maxBytes, RequestLog log, CancellationToken cancellationToken)
    {
        if (blob is null)
        {
            log.Add($"Dropped attached {label}: no such file on this server");
            return null;
        }

        await using (blob.ConfigureAwait(false))
        {
            if (blob.Length > maxBytes)
            {
                return OverBudget(label, log);
            }

            try
            {
                var bytes = new byte[blob.Length];
                await blob.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                return new LoadedMedia(bytes, TypeOf(bytes, null, name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The reason would name server paths.
                log.Add($"Dropped attached {label}: the file could not be read");
                return null;
            }
        }
    }

    private static LoadedMedia? OverBudget(string label, RequestLog log)
    {
        log.Add($"Dropped attached {label}: the request's media exceed G4F:Buckets:MaxPromptMediaBytes");
        return null;
    }

    /// <summary>The type the bytes' signature names, else the declared type, else the name's extension.</summary>
    private static string? TypeOf(ReadOnlySpan<byte> bytes, string? declared, string? name) =>
        MediaSniffer.Sniff(bytes[..Math.Min(bytes.Length, MediaSniffer.HeaderLength)])
        ?? (string.IsNullOrWhiteSpace(declared) ? null : declared)
        ?? (name is null ? null : MediaTypes.ContentTypeOf(name));

    /// <summary>How a medium is named in log notes: its sanitised name or its host, never a path or query.</summary>
    private static string Label(ChatMedia media)
    {
        if (SafeName.TrySanitize(media.Name, out var name))
        {
            return $"file {name}";
        }

        return media.Url switch
        {
            null => "file",
            var url when url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) => "data URI",
            var url when Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) => $"media from {uri.Host}",
            _ => "local media",
        };
    }
}
