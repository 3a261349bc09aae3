using System.Net;
using System.Net.Sockets;

namespace G4F.Backend.Media;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the download client: resolves the host once, refuses it
/// when any of its addresses is not allowed, and connects to the vetted address itself, so the name is never
/// resolved a second time (no DNS rebinding between check and connect).
/// </summary>
internal sealed class SafeConnector(IHostResolver resolver, AddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = await ResolveAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new DownloadException(DownloadFailure.Network, "The host could not be resolved.");
        }

        // One non-public address is enough to refuse the name: which one a client would get is not ours to pick.
        if (!addresses.All(policy.IsAllowed))
        {
            throw new DownloadException(DownloadFailure.Unsafe, "The URL points to an address that may not be fetched.");
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, endPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new DownloadException(DownloadFailure.Network, "The host could not be reached.", last!);
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }

        try
        {
            return await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new DownloadException(DownloadFailure.Network, "The host could not be resolved.", ex);
        }
    }
}
