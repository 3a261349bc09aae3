using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>
/// Log messages of the upstream providers. They carry the provider's name, the error name and the
/// HTTP status only: never keys, never bodies (upstream error bodies echo keys and prompts). The one
/// exception is a failure of unknown type, whose message is logged (bearer tokens masked) because it is
/// the only clue to what went wrong and the client is told no more than the type.
/// </summary>
internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Provider {Provider} failed with {ErrorName} (HTTP status {StatusCode})")]
    public static partial void UpstreamFailed(this ILogger logger, string provider, string errorName, int? statusCode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Provider {Provider} answered HTTP {StatusCode}, streaming")]
    public static partial void UpstreamStreaming(this ILogger logger, string provider, int statusCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Provider {Provider} failed unexpectedly with {ExceptionType}: {Detail}")]
    public static partial void UnexpectedFailure(this ILogger logger, string provider, string exceptionType, string detail);
}
