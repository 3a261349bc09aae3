namespace G4F.Backend.Credentials;

/// <summary>
/// One cookie from an uploaded file. <paramref name="Domain"/> is lower-case; a leading dot means the cookie
/// also belongs to every subdomain, without one it belongs to that host only.
/// </summary>
internal sealed record StoredCookie(string Domain, string Name, string Value, string Path, bool Secure, DateTimeOffset? Expires)
{
    /// <summary>Whether the cookie may go with a request to <paramref name="url"/> at <paramref name="now"/> (RFC 6265 5.4, simplified).</summary>
    public bool AppliesTo(Uri url, DateTimeOffset now) =>
        (Expires is null || Expires > now)
        && (!Secure || url.Scheme == Uri.UriSchemeHttps)
        && CookieDomain.Matches(Domain, url.IdnHost)
        && PathMatches(url.AbsolutePath);

    private bool PathMatches(string requestPath)
    {
        if (Path == "/" || string.Equals(requestPath, Path, StringComparison.Ordinal))
        {
            return true;
        }

        return requestPath.StartsWith(Path, StringComparison.Ordinal)
            && (Path.EndsWith('/') || requestPath[Path.Length] == '/');
    }
}
