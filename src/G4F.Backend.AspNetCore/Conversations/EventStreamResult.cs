using System.Buffers;
using System.Text;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Events;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary>
/// Writes conversation events with the exact framing of PROTOCOL 3.4: <c>event: &lt;type&gt;\n</c>,
/// <c>data: &lt;one-line JSON&gt;\n</c>, <c>\n</c>; LF only, one flush per event, no buffering or compression.
/// </summary>
/// <remarks>
/// System.Net.ServerSentEvents' SseFormatter is not used for writing: it drops the <c>event:</c> line
/// for the type <c>message</c> (the SSE default), which this protocol names explicitly; writing
/// straight into the response pipe also saves a copy per event. One JSON writer serves the whole
/// stream (it writes into the pipe's own buffer and is reset after each event).
/// </remarks>
internal sealed class EventStreamResult(IAsyncEnumerable<ResponseEvent> events) : IResult
{
    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] RecordEnd = "\n\n"u8.ToArray();

    public const string ContentType = "text/event-stream; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        UnbufferedResponse.Start(httpContext, ContentType);

        var cancellationToken = httpContext.RequestAborted;
        var writer = httpContext.Response.BodyWriter;
        using var json = ResponseEventSerializer.CreateWriter(writer);
        try
        {
            await foreach (var responseEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                writer.Write(EventPrefix);
                WriteType(writer, responseEvent.Type);
                writer.Write(DataPrefix);
                ResponseEventSerializer.Serialize(json, responseEvent);
                writer.Write(RecordEnd);
                var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the enumeration above already cancelled the upstream request.
        }
    }

    private static void WriteType(IBufferWriter<byte> writer, string type)
    {
        // A text delta, most of every stream: its type's bytes are a constant (no scan, no encoding per chunk).
        if (type == "content")
        {
            writer.Write("content"u8);
            return;
        }

        // Event types are protocol names; anything that could break the line is replaced (never the case for the
        // protocol's own types, so they are written as they are, without a copy).
        if (type.AsSpan().ContainsAny('\n', '\r'))
        {
            type = type.Replace('\n', '_').Replace('\r', '_');
        }

        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(type.Length));
        writer.Advance(Encoding.UTF8.GetBytes(type, span));
    }
}
