namespace G4F.Backend.Providers;

/// <summary>
/// A provider whose upstream host the health check can reach cheaply, independent of its model listing (which may be
/// configured and so never contact the upstream).
/// </summary>
internal interface IReachabilityProbe
{
    /// <summary>
    /// Sends one small request to the provider's own base URL with its configured key, through its named HTTP client
    /// (same handler, no redirects followed), and returns the HTTP status of the answer without reading its body.
    /// </summary>
    /// <param name="cancellationToken">Bounds the probe.</param>
    /// <returns>The status code of whatever the upstream answered.</returns>
    /// <exception cref="HttpRequestException">The host could not be reached (refused, DNS, TLS, reset).</exception>
    /// <exception cref="ProviderException">The configured key cannot be sent in a header.</exception>
    Task<int> ProbeAsync(CancellationToken cancellationToken);
}
