using System.Net;
using System.Net.Sockets;
using G4F.Backend.Downloads;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>
/// A resolver for tests: made-up names map to given addresses, <c>localhost</c> goes to the system resolver, and any
/// other name fails, so no test ever sends a DNS query beyond the machine.
/// </summary>
internal sealed class MapResolver : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Asked { get; } = [];

    public MapResolver Add(string host, params string[] addresses)
    {
        _names[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add(host);
        }

        if (_names.TryGetValue(host, out var addresses))
        {
            return Task.FromResult(addresses);
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? Dns.GetHostAddressesAsync(host, cancellationToken)
            : throw new SocketException((int)SocketError.HostNotFound);
    }
}
