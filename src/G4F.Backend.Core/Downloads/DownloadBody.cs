using System.Buffers;

namespace G4F.Backend.Downloads;

/// <summary>
/// Copies a response body for the <see cref="SafeDownloader"/>: classified by its declared type or first bytes,
/// capped while it streams (media and other bodies have separate caps), written to the caller's stream.
/// </summary>
internal static class DownloadBody
{
    public static async Task<DownloadResult> CopyAsync(HttpResponseMessage response, Stream destination, bool requireMedia, long maxBytes, long maxDocumentBytes, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new DownloadException(DownloadFailure.HttpStatus, $"The server answered {(int)response.StatusCode}.") { StatusCode = (int)response.StatusCode };
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new DownloadException(DownloadFailure.TooLarge, "The file is too large.");
        }

        var declared = response.Content.Headers.ContentType;
        var contentType = declared?.MediaType?.ToLowerInvariant();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var headerLength = await ReadHeaderAsync(body, buffer, cancellationToken).ConfigureAwait(false);
                contentType = Classify(contentType, buffer.AsSpan(0, headerLength), requireMedia);

                // Pages and documents are parsed and converted in memory: they get the lower cap.
                if (!IsMediaType(contentType))
                {
                    maxBytes = maxDocumentBytes;
                    if (response.Content.Headers.ContentLength > maxBytes)
                    {
                        throw new DownloadException(DownloadFailure.TooLarge, "The file is too large.");
                    }
                }

                long total = 0;
                var read = headerLength;
                while (read > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new DownloadException(DownloadFailure.TooLarge, "The file is too large.");
                    }

                    await WriteAsync(destination, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }

                await WriteAsync(destination, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                var finalUrl = response.RequestMessage?.RequestUri ?? throw new InvalidOperationException("The response has no request.");
                var lastModified = response.Content.Headers.LastModified ?? response.Headers.Date;
                return new DownloadResult(finalUrl, contentType, declared?.CharSet, DownloadFileName.Suggest(response, finalUrl), lastModified, total);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A full disk is this server's problem, not the remote one's: it must not read as "could not be reached".
    private static async Task WriteAsync(Stream destination, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            if (data.IsEmpty)
            {
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DownloadException(DownloadFailure.Storage, "The downloaded file could not be stored.", ex);
        }
    }

    private static async Task<int> ReadHeaderAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (length < MediaSniffer.HeaderLength)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length, MediaSniffer.HeaderLength - length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length;
    }

    private static string? Classify(string? contentType, ReadOnlySpan<byte> header, bool requireMedia)
    {
        if (contentType is null or "application/octet-stream" or "binary/octet-stream")
        {
            contentType = MediaSniffer.Sniff(header) ?? contentType;
        }

        if (requireMedia && !IsMediaType(contentType))
        {
            throw new DownloadException(DownloadFailure.NotMedia, "The URL does not point to an image, audio or video file.");
        }

        return contentType;
    }

    // SVG is an "image" that runs script when opened from this server's origin: it is not media here.
    public static bool IsMediaType(string? contentType) =>
        contentType is not null && contentType != "image/svg+xml"
        && (contentType.StartsWith("image/", StringComparison.Ordinal)
            || contentType.StartsWith("audio/", StringComparison.Ordinal)
            || contentType.StartsWith("video/", StringComparison.Ordinal));
}
