using System.Net;
using System.Net.Sockets;
using G4F.Backend.Downloads;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>A resolver seam for tests: made-up names map to given addresses; every other name does not resolve.</summary>
internal sealed class TestHostResolver : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public TestHostResolver Add(string host, params string[] addresses)
    {
        _names[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        _names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
}
