using System.Net;

namespace G4F.Backend.Downloads;

/// <summary>The system resolver (getaddrinfo).</summary>
internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
