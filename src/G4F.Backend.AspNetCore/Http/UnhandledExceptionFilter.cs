using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Turns an exception a handler did not expect into a 500 with the JSON envelope (the original sent
/// an HTML page, which the client cannot read), and a transient database error (<see cref="TransientStorageError"/>) into
/// a 503. The exception itself is logged, not shown.
/// </summary>
internal sealed partial class UnhandledExceptionFilter(ILogger<UnhandledExceptionFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransientStorageError.Is(ex))
        {
            // A store's database that cannot be reached now (a host's database store): worth a retry, not a server bug.
            LogUnavailable(logger, context.HttpContext.Request.Path, ex);
            return ErrorResults.Error(StatusCodes.Status503ServiceUnavailable, "Storage unavailable, try again later");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, context.HttpContext.Request.Path, ex);
            return ErrorResults.Error(StatusCodes.Status500InternalServerError, "Internal server error");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable on {Path}")]
    private static partial void LogUnavailable(ILogger logger, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, PathString path, Exception exception);
}
