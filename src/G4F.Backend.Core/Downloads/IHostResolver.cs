using System.Net;

namespace G4F.Backend.Downloads;

/// <summary>Resolves a host name for the safe downloader; a seam so tests can map made-up names to addresses.</summary>
internal interface IHostResolver
{
    /// <summary>Every address of <paramref name="host"/> (a DNS name, never an address literal).</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
