using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// A streamed response body framed in HTTP/1.1 chunks by the application instead of the server, so that a stream that
/// fails after it began can end without its last chunk while everything written before still arrives: the client's
/// HTTP stack then reports the body as cut short ("the response ended prematurely"), which SDKs raise as an error.
/// </summary>
/// <remarks>
/// The server's own framing cannot do this: Kestrel always ends a body it frames with the last chunk, and aborting the
/// request instead resets the connection, which drops what the client has not read yet (the error chunk with it). Kestrel
/// sends a body whose <c>Transfer-Encoding</c> the application set as written, and <see cref="IConnectionLifetimeNotificationFeature"/>
/// closes the connection once the response is done (after sending all of it, with a FIN, not a reset).
/// </remarks>
internal static class SelfChunkedBody
{
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    private static ReadOnlySpan<byte> LastChunk => "0\r\n\r\n"u8;

    /// <summary>
    /// True, with the header set, when the response is HTTP/1.1 on a server that can close the connection after it
    /// (Kestrel); call before the first byte of the body. False elsewhere (HTTP/2 and later, the test server).
    /// </summary>
    public static bool TryStart(HttpContext httpContext)
    {
        if (!HttpProtocol.IsHttp11(httpContext.Request.Protocol) || httpContext.Features.Get<IConnectionLifetimeNotificationFeature>() is null)
        {
            return false;
        }

        httpContext.Response.Headers.TransferEncoding = "chunked";
        return true;
    }

    /// <summary>Writes <paramref name="data"/> as one chunk.</summary>
    public static void WriteChunk(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        var head = writer.GetSpan(10);
        Utf8Formatter.TryFormat(data.Length, head, out var written, new StandardFormat('X'));
        LineEnd.CopyTo(head[written..]);
        writer.Advance(written + LineEnd.Length);
        writer.Write(data);
        writer.Write(LineEnd);
    }

    /// <summary>Writes the last chunk, which tells the client the body is complete.</summary>
    public static void WriteEnd(PipeWriter writer) => writer.Write(LastChunk);

    /// <summary>Ends the connection after this response, whose last chunk is never sent: the client sees the body cut short.</summary>
    public static void CutShort(HttpContext httpContext) => httpContext.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
}
