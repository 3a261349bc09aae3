namespace G4F.Backend.Credentials;

/// <summary>
/// Adds the uploaded cookies whose domain matches the upstream's host to every request of a provider's HTTP client
/// (chat and model listing alike), unless the request carries its own <c>Cookie</c> header.
/// </summary>
internal sealed class CookieHeaderHandler(CookieStore store) : DelegatingHandler
{
    private const string CookieHeader = "Cookie";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { IsAbsoluteUri: true } url && !request.Headers.Contains(CookieHeader)
            && await store.HeaderForAsync(url, cancellationToken).ConfigureAwait(false) is { } cookies)
        {
            // Names and values were checked to be header-safe when the file was read.
            request.Headers.TryAddWithoutValidation(CookieHeader, cookies);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
