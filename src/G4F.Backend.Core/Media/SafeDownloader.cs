using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// Fetches a client-chosen URL under the rules of PROTOCOL 7.5: http/https only, no userinfo, no backslash or control
/// characters, every address of the host public (or in <see cref="DownloadOptions.AllowedNetworks"/>), connected to
/// the vetted address, every redirect hop checked again, size and time capped, media optionally required.
/// </summary>
internal sealed class SafeDownloader(IHttpClientFactory clients, IOptions<G4FBackendOptions> options, TimeProvider time)
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client configured by <see cref="DownloadHttpClientConfigurator"/>.</summary>
    public const string HttpClientName = "G4F.Download";

    private static readonly ProductInfoHeaderValue UserAgent = new("G4F.Backend", "1.0");
    private static readonly SearchValues<char> SchemeChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

    /// <summary>
    /// Streams the body at <paramref name="url"/> into <paramref name="destination"/>. On failure the destination may
    /// hold part of a body: write to a temporary file and move it into place only on success.
    /// </summary>
    /// <exception cref="DownloadException">The URL was refused or the download failed; the message is client-safe.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DownloadResult> DownloadAsync(string url, Stream destination, DownloadRequirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!TryCheckUrl(url, out var uri, out var error))
        {
            throw new DownloadException(DownloadFailure.Unsafe, error!);
        }

        var settings = options.Value.Downloads;
        var maxBytes = requirement.MaxBytes is { } lower ? Math.Min(lower, settings.MaxBytes) : settings.MaxBytes;
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await SendAsync(uri!, settings.MaxRedirects, linked.Token).ConfigureAwait(false);
            return await CopyAsync(response, destination, requirement.RequireMedia, maxBytes, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(DownloadFailure.Timeout, "The download took too long.");
        }
        catch (HttpRequestException ex) when (Find<DownloadException>(ex) is { } refused)
        {
            throw refused;
        }
        catch (Exception ex) when ((ex is HttpRequestException or IOException) && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(DownloadFailure.Network, "The server could not be reached or the connection broke.", ex);
        }
    }

    /// <summary>
    /// The syntactic checks of a URL, without resolving it: absolute http or https, no backslash or control
    /// characters, no userinfo, a host. <paramref name="error"/> is a client-safe reason.
    /// </summary>
    public static bool TryCheckUrl(string? url, out Uri? uri, out string? error)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "The URL is empty.";
            return false;
        }

        // Parsers disagree on these ("\" is "/" to browsers and .NET, not to every server): refuse before parsing.
        if (url.Any(c => c == '\\' || char.IsControl(c)))
        {
            error = "The URL contains a backslash or control characters.";
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            error = "The URL is not an absolute URL.";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            error = "Only http and https URLs may be fetched.";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo) || Authority(url).Contains('@', StringComparison.Ordinal))
        {
            error = "A URL with user information may not be fetched.";
            return false;
        }

        if (string.IsNullOrEmpty(parsed.Host))
        {
            error = "The URL has no host.";
            return false;
        }

        uri = parsed;
        error = null;
        return true;
    }

    // An "@" in the authority always means userinfo, even an empty one the parser drops ("http://@host").
    private static string Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        var end = url.IndexOfAny(['/', '?', '#'], start + 2);
        return end < 0 ? url[(start + 2)..] : url[(start + 2)..end];
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, int maxRedirects, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.UserAgent.Add(UserAgent);
            request.Headers.Accept.ParseAdd("*/*");
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode))
            {
                return response;
            }

            // The raw header: a Location the typed parser rejects (a backslash, say) must be refused, not ignored.
            var location = response.Headers.NonValidated.TryGetValues("Location", out var values) ? values.FirstOrDefault() : null;
            response.Dispose();
            if (string.IsNullOrEmpty(location))
            {
                throw new DownloadException(DownloadFailure.HttpStatus, "The server redirected without a location.");
            }

            if (hop >= maxRedirects)
            {
                throw new DownloadException(DownloadFailure.HttpStatus, "The server redirected too many times.");
            }

            current = NextHop(current, location);
        }
    }

    // Every hop passes the same checks as the first URL; its address is checked when it is connected.
    private static Uri NextHop(Uri current, string location)
    {
        if (location.Any(c => c == '\\' || char.IsControl(c)) || !Uri.TryCreate(current, location, out var next)
            || !TryCheckUrl(HasScheme(location) ? location : next.AbsoluteUri, out var checkedUri, out _))
        {
            throw new DownloadException(DownloadFailure.Unsafe, "A redirect pointed to a URL that may not be fetched.");
        }

        return checkedUri!;
    }

    // "/path" parses as an absolute file URI on Unix: only an explicit scheme makes a location absolute.
    private static bool HasScheme(string location)
    {
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && char.IsAsciiLetter(location[0]) && location.AsSpan(0, colon).IndexOfAnyExcept(SchemeChars) < 0;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<DownloadResult> CopyAsync(HttpResponseMessage response, Stream destination, bool requireMedia, long maxBytes, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new DownloadException(DownloadFailure.HttpStatus, $"The server answered {(int)response.StatusCode}.");
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
                long total = 0;
                var read = headerLength;
                while (read > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new DownloadException(DownloadFailure.TooLarge, "The file is too large.");
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }

                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
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
    private static bool IsMediaType(string? contentType) =>
        contentType is not null && contentType != "image/svg+xml"
        && (contentType.StartsWith("image/", StringComparison.Ordinal)
            || contentType.StartsWith("audio/", StringComparison.Ordinal)
            || contentType.StartsWith("video/", StringComparison.Ordinal));

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }
        }

        return null;
    }
}
