namespace G4F.Backend.Downloads;

/// <summary>The origin (<c>scheme://host[:port]</c>) a request reached this server at: a URL with it is this server's own.</summary>
internal static class ServerOrigin
{
    /// <summary>Whether <paramref name="uri"/> points at <paramref name="serverOrigin"/> (false when the origin is unknown).</summary>
    /// <remarks>Scheme, host and port are compared as URIs, so <c>http://host:80</c> and <c>http://host</c> are one origin.</remarks>
    public static bool Owns(string? serverOrigin, Uri uri) =>
        serverOrigin is not null
        && uri.IsAbsoluteUri
        && Uri.TryCreate(serverOrigin, UriKind.Absolute, out var origin)
        && Uri.Compare(uri, origin, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// The path of <paramref name="url"/> when it names this server: a path (<c>/...</c>, not <c>//host</c>) or an
    /// absolute URL whose origin is <paramref name="serverOrigin"/>; null for any other URL. Query and fragment stay on.
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
