namespace G4F.Backend.Credentials;

/// <summary>Domain matching of uploaded cookies against an upstream's host.</summary>
internal static class CookieDomain
{
    /// <summary>
    /// <c>.example.com</c> matches <c>example.com</c> and every subdomain; <c>example.com</c> matches only itself.
    /// Comparison ignores case; a suffix must end at a label boundary, so <c>.example.com</c> never matches <c>badexample.com</c>.
    /// </summary>
    public static bool Matches(string cookieDomain, string host)
    {
        if (string.IsNullOrEmpty(cookieDomain) || string.IsNullOrEmpty(host))
        {
            return false;
        }

        host = host.TrimEnd('.');
        if (!cookieDomain.StartsWith('.'))
        {
            return string.Equals(cookieDomain, host, StringComparison.OrdinalIgnoreCase);
        }

        var bare = cookieDomain.AsSpan(1);
        return host.AsSpan().Equals(bare, StringComparison.OrdinalIgnoreCase)
            || host.AsSpan().EndsWith(cookieDomain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Lower-cases and trims a domain from a file; null when nothing usable is left.</summary>
    public static string? Normalize(string? domain)
    {
        var trimmed = domain?.Trim().TrimEnd('.').ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) || trimmed == "." ? null : trimmed;
    }

    /// <summary>Whether <paramref name="domain"/> (with or without its leading dot) is a plain host name or IP address.</summary>
    public static bool IsHostName(string domain)
    {
        var bare = domain.StartsWith('.') ? domain[1..] : domain;
        return bare.Length > 0 && Uri.CheckHostName(bare) is not UriHostNameType.Unknown and not UriHostNameType.Basic;
    }
}
