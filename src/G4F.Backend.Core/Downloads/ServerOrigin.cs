namespace G4F.Backend.Downloads;

/// <summary>
/// The origin (<c>scheme://host[:port]</c>) a request reached this server at: an http(s) URL with its host and port is
/// this server's own. The one rule for reading this server's files from storage and for refusing to fetch them.
/// </summary>
internal static class ServerOrigin
{
    /// <summary>Whether <paramref name="uri"/> points at <paramref name="serverOrigin"/> (false when the origin is unknown).</summary>
    /// <remarks>
    /// Host and port are compared, not the scheme: behind a TLS-terminating proxy the request arrives as <c>http</c> while
    /// the client builds its URLs from the <c>https</c> page origin. Default ports are one port, so <c>http://host</c>,
    /// <c>http://host:80</c> and <c>https://host</c> are this server; <c>https://host:8443</c> is not.
    /// </remarks>
    public static bool Owns(string? serverOrigin, Uri uri) =>
        serverOrigin is not null
        && uri.IsAbsoluteUri
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && Uri.TryCreate(serverOrigin, UriKind.Absolute, out var origin)
        && string.Equals(uri.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (uri.Port == origin.Port || (uri.IsDefaultPort && origin.IsDefaultPort));

    /// <summary>
    /// The path of <paramref name="url"/> when it names this server: a path (<c>/...</c>, not <c>//host</c>) or an
    /// absolute URL this server <see cref="Owns"/>; null for any other URL. Query and fragment stay on.
    /// </summary>
    public static string? PathOnThisServer(string? url, string? serverOrigin)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            return url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && Owns(serverOrigin, absolute) ? absolute.AbsolutePath : null;
    }
}
