using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Downloads;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the download client: resolves the host once, refuses it
/// when any of its addresses is not allowed, and connects to the vetted address itself, so the name is never
/// resolved a second time (no DNS rebinding between check and connect).
/// </summary>
internal sealed class SafeConnector(IHostResolver resolver, AddressPolicy policy, IOptions<DownloadOptions> options, TimeProvider time)
{
    private static readonly TimeSpan MaxAttempt = TimeSpan.FromSeconds(10);

    /// <summary>Opens a connection to one address; a seam so tests can stand in for the network.</summary>
    internal Func<IPAddress, int, CancellationToken, ValueTask<Stream>> Connect { get; init; } = ConnectSocketAsync;

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ConnectAsync(context.DnsEndPoint, cancellationToken);
    }

    /// <summary>Resolves, checks and connects <paramref name="endPoint"/>; the handler's callback in testable form.</summary>
    internal async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
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

        // Each address gets its share of the download's time, so one black-holed address cannot use it all up.
        var share = options.Value.Timeout / addresses.Length;
        var perAttempt = share < MaxAttempt ? share : MaxAttempt;
        Exception? last = null;
        foreach (var address in addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            using var attempt = new CancellationTokenSource(perAttempt, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
            try
            {
                return await Connect(target, endPoint.Port, linked.Token).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
        }

        throw new DownloadException(DownloadFailure.Network, "The host could not be reached.", last!);
    }

    /// <summary>
    /// Whether <paramref name="host"/> (a name or an address literal) resolves, within the download timeout, to addresses
    /// that are all allowed: the check of a <c>media_url</c> before the stream. A name that does not resolve is not
    /// allowed. The download itself checks again when it connects.
    /// </summary>
    internal async Task<bool> IsHostAllowedAsync(string host, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var addresses = await ResolveAsync(host, linked.Token).ConfigureAwait(false);
            return addresses.Length > 0 && addresses.All(policy.IsAllowed);
        }
        catch (DownloadException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            // Not a name the resolver accepts (too long, bad characters).
            return false;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
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
