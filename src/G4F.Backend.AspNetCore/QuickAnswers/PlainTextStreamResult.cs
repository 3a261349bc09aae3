using System.Buffers;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Providers;
using G4F.Backend.QuickAnswers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.QuickAnswers;

/// <summary>
/// Writes a streamed text answer as <c>text/plain; charset=utf-8</c>, never compressed, each chunk flushed before the
/// stream waits for the next (<see cref="RelayCursor{T}"/>). A failure after the first chunk can no longer change the
/// status: the chunks before it are flushed (the failed move sends them first) and the connection broken off, so the
/// client sees an incomplete body instead of a complete-looking one.
/// </summary>
internal sealed partial class PlainTextStreamResult(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks) : IResult
{
    public const string ContentType = "text/plain; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        UnbufferedResponse.Start(httpContext, ContentType);

        var aborted = httpContext.RequestAborted;
        try
        {
            // The answer waited for its first chunk before the response began (a failure before it still chooses the status).
            var cursor = new RelayCursor<ReadOnlyMemory<byte>>(chunks, httpContext.Response.BodyWriter, aborted, firstAfterWait: true);
            await using var cursorDisposal = cursor.ConfigureAwait(false);
            while (await cursor.MoveNextAsync().ConfigureAwait(false))
            {
                cursor.Output.Write(cursor.Current.Span);
            }

            await cursor.EndAsync(httpContext.Response).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the turn was cancelled with it.
        }
        catch (QuickAnswerException ex)
        {
            LogBrokenOff(httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<PlainTextStreamResult>(), ex.Kind);
            httpContext.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A streamed /create answer failed after it started ({Failure}); the connection was broken off")]
    private static partial void LogBrokenOff(ILogger logger, FailureKind failure);
}
