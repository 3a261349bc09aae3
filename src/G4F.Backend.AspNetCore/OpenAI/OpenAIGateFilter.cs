using System.Security.Cryptography;
using System.Text;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.FrontDoors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The door of <c>/v1</c>: with server keys (<c>G4F:OpenAI:ApiKeys</c>) a request needs one of them as its bearer token
/// (401 in OpenAI's shape otherwise), and an exception a handler did not expect becomes a 500 (or a 503 for a transient
/// storage error) in OpenAI's shape, where SDKs look for the message. Keys and bearer tokens are never logged.
/// </summary>
internal sealed partial class OpenAIGateFilter(IOptions<OpenAIFrontDoorOptions> options, ILogger<OpenAIGateFilter> logger) : IEndpointFilter
{
    // Hashes of the keys: comparing fixed-length digests in constant time tells nothing about a key's length or prefix.
    private readonly byte[][] _keyHashes = [.. options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        if (_keyHashes.Length > 0 && Refusal(CallerKeys.Bearer(httpContext.Request)) is { } refusal)
        {
            return refusal.ToResult();
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransientStorageError.Is(ex))
        {
            LogUnavailable(logger, httpContext.Request.Path, ex);
            return new OpenAIFailure(StatusCodes.Status503ServiceUnavailable, "Storage unavailable, try again later", "server_error", "service_unavailable").ToResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !httpContext.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, httpContext.Request.Path, ex);
            return new OpenAIFailure(StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", "server_error", null).ToResult();
        }
    }

    private OpenAIFailure? Refusal(string? bearer)
    {
        if (string.IsNullOrEmpty(bearer))
        {
            return Unauthorized("You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(bearer));
        var match = false;
        foreach (var key in _keyHashes)
        {
            // Every key is compared, so the time taken does not tell which one (or whether an early one) matched.
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match ? null : Unauthorized("Incorrect API key provided.");
    }

    private static OpenAIFailure Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message, "invalid_request_error", "invalid_api_key");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable on {Path}")]
    private static partial void LogUnavailable(ILogger logger, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, PathString path, Exception exception);
}
