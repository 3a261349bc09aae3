using System.Net;

namespace G4F.Backend.AspNetCore.Cors;

/// <summary>Decides whether an <c>Origin</c> header names an origin the backend's policy allows.</summary>
internal sealed class CorsOriginMatcher
{
    private readonly HashSet<string> _origins;
    private readonly bool _loopback;

    public CorsOriginMatcher(IEnumerable<string> origins, bool loopback)
    {
        // Browsers send scheme://host[:port] without a slash; a configured trailing slash must not make the entry dead.
        _origins = new HashSet<string>(origins.Select(o => o.Trim().TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _loopback = loopback;
    }

    public bool IsAllowed(string origin) => _origins.Contains(origin) || (_loopback && IsLoopback(origin));

    /// <summary>http or https on localhost, 127.0.0.0/8 or [::1], any port, and nothing else (no path, no user info).</summary>
    internal static bool IsLoopback(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0 || origin.EndsWith('/'))
        {
            return false;
        }

        return uri.HostNameType == UriHostNameType.Dns
            ? string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
