using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Downloads;

/// <summary>
/// Fetches a client-chosen URL under the rules of PROTOCOL 7.5: http/https only, no userinfo, no backslash or control
/// characters, every address of the host public (or in <see cref="DownloadOptions.AllowedNetworks"/>), connected to
/// the vetted address, every redirect hop checked again, size and time capped, media optionally required.
/// </summary>
/// <remarks>
/// The downloader owns its handler instead of taking one from <see cref="IHttpClientFactory"/>: a host's
/// <c>ConfigureHttpClientDefaults</c> could otherwise swap the handler and silently drop every address check, and the
/// factory's logging handlers would log URL paths and queries that may carry tokens.
/// </remarks>
internal sealed class SafeDownloader : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("G4F.Backend", "1.0");
    private static readonly SearchValues<char> SchemeChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

    private readonly IOptions<DownloadOptions> _options;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _client;

    public SafeDownloader(SafeConnector connector, IOptions<DownloadOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connector);
        _options = options;
        _time = time;

        // No automatic redirects (each hop is checked here), no cookies, no proxy from the environment (a proxy would
        // resolve the name itself and defeat the address check), no decompression (a small compressed body must not
        // unpack past the size cap).
        _client = new HttpMessageInvoker(
            new SocketsHttpHandler
            {
                ConnectCallback = connector.ConnectAsync,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            },
            disposeHandler: true);
    }

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

        var settings = _options.Value;
        var maxBytes = requirement.MaxBytes is { } lower ? Math.Min(lower, settings.MaxBytes) : settings.MaxBytes;
        using var timeout = new CancellationTokenSource(settings.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await SendAsync(uri!, settings.MaxRedirects, linked.Token).ConfigureAwait(false);
            return await DownloadBody.CopyAsync(response, destination, requirement.RequireMedia, maxBytes, Math.Min(maxBytes, settings.MaxDocumentBytes), linked.Token).ConfigureAwait(false);
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
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.UserAgent.Add(UserAgent);
            request.Headers.Accept.ParseAdd("*/*");
            // HttpMessageInvoker always returns once the headers are read; the body is streamed by CopyAsync.
            var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
    internal static Uri NextHop(Uri current, string location)
    {
        if (location.Any(c => c == '\\' || char.IsControl(c)) || !Uri.TryCreate(current, location, out var next)
            || !TryCheckUrl(HasScheme(location) ? location : next.AbsoluteUri, out var checkedUri, out _))
        {
            throw new DownloadException(DownloadFailure.Unsafe, "A redirect pointed to a URL that may not be fetched.");
        }

        // A page served over https must not be able to send the fetch on in clear text.
        if (current.Scheme == Uri.UriSchemeHttps && checkedUri!.Scheme != Uri.UriSchemeHttps)
        {
            throw new DownloadException(DownloadFailure.Unsafe, "A redirect from https to http is not followed.");
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

    public void Dispose() => _client.Dispose();

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
