using System.Text;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>Writes a <see cref="FakeReply"/> to a response, one flushed write per chunk.</summary>
internal static class ReplyWriter
{
    /// <summary>Waits before the headers and applies the reply's headers; true when the reply is a complete status response that was written.</summary>
    public static async Task<bool> WriteHeadAsync(HttpContext context, FakeReply reply, CancellationToken cancellationToken)
    {
        if (reply.DelayBeforeHeaders != TimeSpan.Zero)
        {
            await Task.Delay(reply.DelayBeforeHeaders, cancellationToken);
        }

        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (reply.Kind != FakeReplyKind.Status)
        {
            return false;
        }

        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body, Encoding.UTF8, cancellationToken);
        return true;
    }

    /// <summary>Streams the chunks of a chat reply; <paramref name="chunkWritten"/> runs as each chunk is handed to the server.</summary>
    public static async Task WriteStreamAsync(HttpContext context, FakeReply reply, FakeDialect dialect, string model, Action chunkWritten, CancellationToken cancellationToken)
    {
        var (contentType, units) = reply.Kind switch
        {
            FakeReplyKind.RawSse => (OpenAIDialect.StreamContentType, reply.Parts.Select(OpenAIDialect.Event)),
            FakeReplyKind.RawNdjson => (OllamaDialect.StreamContentType, reply.Parts.Select(OllamaDialect.Line)),
            FakeReplyKind.RawBytes when dialect == FakeDialect.Ollama => (OllamaDialect.StreamContentType, reply.ByteParts),
            FakeReplyKind.RawBytes => (OpenAIDialect.StreamContentType, reply.ByteParts),
            _ when dialect == FakeDialect.Ollama => (OllamaDialect.StreamContentType, OllamaDialect.RenderText(reply, model)),
            _ => (OpenAIDialect.StreamContentType, OpenAIDialect.RenderText(reply, model)),
        };

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";

        // Headers go out now, so "headers arrived but no chunk yet" is observable by the client.
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);

        var index = 0;
        foreach (var unit in units)
        {
            if (index > 0 && reply.DelayBetweenChunks != TimeSpan.Zero)
            {
                await Task.Delay(reply.DelayBetweenChunks, cancellationToken);
            }

            // Counted before the write: Kestrel flushes inside WriteAsync, so a client may read the chunk
            // before the write returns, and a test that saw N chunks must find the count at N or more.
            chunkWritten();
            await response.Body.WriteAsync(unit, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            if (reply.Gates.TryGetValue(index, out var gate))
            {
                await gate.WaitAsync(cancellationToken);
            }

            index++;
        }

        switch (reply.Ending)
        {
            case FakeReplyEnding.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                break;
            case FakeReplyEnding.Abort:
                context.Abort();
                break;
        }
    }
}
