using System.Buffers;
using System.Text;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Events;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary>
/// Writes conversation events with the exact framing of PROTOCOL 3.4: <c>event: &lt;type&gt;\n</c>,
/// <c>data: &lt;one-line JSON&gt;\n</c>, <c>\n</c>; LF only, no compression, each event flushed before the stream waits
/// for the next (<see cref="RelayCursor{T}"/>).
/// </summary>
/// <remarks>
/// System.Net.ServerSentEvents' SseFormatter is not used for writing: it drops the <c>event:</c> line
/// for the type <c>message</c> (the SSE default), which this protocol names explicitly; writing
/// into the relay's batch also saves a copy per event. One JSON writer serves the whole stream (it
/// writes into the batch's buffer and is reset after each event).
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
        try
        {
            var cursor = new RelayCursor<ResponseEvent>(events, httpContext.Response.BodyWriter, cancellationToken);
            await using var cursorDisposal = cursor.ConfigureAwait(false);
            var output = cursor.Output;
            using var json = ResponseEventSerializer.CreateWriter(output);
            while (await cursor.MoveNextAsync().ConfigureAwait(false))
            {
                var responseEvent = cursor.Current;
                output.Write(EventPrefix);
                WriteType(output, responseEvent.Type);
                output.Write(DataPrefix);
                ResponseEventSerializer.Serialize(json, responseEvent);
                output.Write(RecordEnd);
            }

            await cursor.EndAsync(httpContext.Response).ConfigureAwait(false);
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
