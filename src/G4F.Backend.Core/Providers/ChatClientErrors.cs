using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>Maps what a chat client throws to the protocol's errors (PROTOCOL 3.7).</summary>
internal static class ChatClientErrors
{
    // The SDKs behind most chat clients (OpenAI, Azure) throw their own exception types with the
    // HTTP status as an int "Status"; reading it by name keeps Core free of those SDKs.
    private static readonly HashSet<string> StatusExceptionTypes =
        new(["System.ClientModel.ClientResultException", "Azure.RequestFailedException"], StringComparer.Ordinal);

    /// <summary>The protocol error for <paramref name="exception"/>, which is not the caller cancelling.</summary>
    /// <remarks>
    /// The text of an exception of unknown type reaches only <paramref name="logger"/>: it may carry request
    /// data, paths or credentials, and the client sees the provider and the exception type.
    /// </remarks>
    public static ProviderException Map(Exception exception, string providerName, ILogger logger)
    {
        if (exception is ProviderException known)
        {
            return known;
        }

        if (TryGetStatus(exception, out var status))
        {
            var mapped = UpstreamErrors.FromStatus(status, exception.Message, apiKey: null);
            return new ProviderException(mapped.ErrorName, mapped.Message, mapped.IsAuthError, mapped.StatusCode, exception);
        }

        if (exception is OperationCanceledException or TimeoutException)
        {
            return new ProviderException("TimeoutError", $"{providerName} timed out", innerException: exception);
        }

        var type = exception.GetType().Name;
        logger.UnexpectedFailure(providerName, type, SecretRedactor.Redact(exception.Message, secret: null));
        return new ProviderException("ResponseError", $"{providerName} failed ({type})", innerException: exception);
    }

    private static bool TryGetStatus(Exception exception, out int status)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { StatusCode: { } code })
            {
                status = (int)code;
                return true;
            }

            if (IsStatusException(current.GetType()) && current.GetType().GetProperty("Status")?.GetValue(current) is int value and >= 400)
            {
                status = value;
                return true;
            }
        }

        status = 0;
        return false;
    }

    private static bool IsStatusException(Type? type)
    {
        for (; type is not null && type != typeof(Exception); type = type.BaseType)
        {
            if (type.FullName is { } name && StatusExceptionTypes.Contains(name))
            {
                return true;
            }
        }

        return false;
    }
}
