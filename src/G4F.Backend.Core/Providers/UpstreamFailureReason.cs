using System.Net.Sockets;

namespace G4F.Backend.Providers;

/// <summary>
/// A short, credential-free reason for a network failure. The exception messages themselves are not
/// used: they can name the full request URL, and a host may have put a key into its query string.
/// </summary>
internal static class UpstreamFailureReason
{
    public static string Describe(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    _ => "socket error " + socket.SocketErrorCode,
                };
            }
        }

        var error = exception switch
        {
            HttpRequestException request => request.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        return error switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "the response ended early",
            HttpRequestError.InvalidResponse => "invalid HTTP response",
            HttpRequestError.HttpProtocolError => "HTTP protocol error",
            HttpRequestError.ProxyTunnelError => "proxy tunnel failed",
            _ => exception is IOException ? "I/O error" : "request failed",
        };
    }
}
