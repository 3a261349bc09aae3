using System.Net;
using System.Net.Sockets;
using G4F.Backend.Downloads;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>A resolver seam for tests: made-up names map to given addresses; every other name does not resolve.</summary>
internal sealed class TestHostResolver : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lookups = new();

    /// <summary>Every name asked for so far, in order.</summary>
    public IReadOnlyList<string> Lookups => [.. _lookups];

    public TestHostResolver Add(string host, params string[] addresses)
    {
        _names[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _lookups.Enqueue(host);
        return _names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
    }
}
