using G4F.Backend.Buckets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// Streams a bucket read (PROTOCOL 6.3) as plain text or as events. Nothing is buffered whole: every piece is
/// flushed as it is read, and a client that goes away cancels the read. The <see cref="BucketRead"/> was checked for
/// the caller: a reader who neither owns the bucket nor administers the server reads without side effects.
/// </summary>
internal sealed partial class BucketReadResult(BucketRead read, bool events) : IResult
{
    public const string EventStreamContentType = "text/event-stream; charset=utf-8";
    public const string PlainTextContentType = "text/plain; charset=utf-8";
    public const string ReadFailed = "Reading the bucket failed";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = events ? EventStreamContentType : PlainTextContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // A response that names its encoding is left alone by the compression middleware, which would hold pieces back.
        response.Headers.ContentEncoding = "identity";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var services = httpContext.RequestServices;
        var cancellationToken = httpContext.RequestAborted;
        var eventSink = events ? new EventStreamBucketSink(response) : null;
        try
        {
            await read.ReadAsync(eventSink ?? (IBucketReadSink)new PlainTextBucketSink(response), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(services.GetRequiredService<ILogger<BucketReadResult>>(), read.BucketId, ex);
            if (eventSink is not null)
            {
                // After the start the status is sent; the failure travels as the protocol's error frame.
                await eventSink.ErrorAsync(ReadFailed, cancellationToken).ConfigureAwait(false);
            }
            else if (!response.HasStarted)
            {
                response.StatusCode = StatusCodes.Status500InternalServerError;
                await Http.ErrorResults.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, ReadFailed).ConfigureAwait(false);
            }
            else
            {
                // Plain text has no error frame: a cut connection is the only honest way to say the text is incomplete.
                httpContext.Abort();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading bucket {BucketId} failed")]
    private static partial void LogReadFailed(ILogger logger, string bucketId, Exception exception);
}
