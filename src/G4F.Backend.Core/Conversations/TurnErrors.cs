using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Conversations;

/// <summary>
/// The one place a turn's failures become what the client sees: before the stream a <see cref="TurnRefusal"/> with its
/// status, after it an <c>error</c> (or <c>auth</c>) event. Exception text never reaches the client unless the
/// exception was written for it (<see cref="ProviderException.ProtocolMessage"/>, <see cref="TurnMediaException.ProtocolMessage"/>).
/// </summary>
internal static partial class TurnErrors
{
    /// <summary>Attached media that must not be used: 400 with the check's message.</summary>
    public static TurnRefusal MediaRefused(string message) => new(400, message);

    /// <summary>The refusal an exception thrown before the stream stands for, or null when it is no refusal (it propagates).</summary>
    public static TurnRefusal? Refusal(Exception exception) => exception switch
    {
        ProviderNotFoundException notFound => new TurnRefusal(404, notFound.Message),
        _ => null,
    };

    /// <summary>The event that ends a turn that failed with <paramref name="exception"/> once its stream started.</summary>
    public static ResponseEvent Event(Exception exception, ILogger logger)
    {
        switch (exception)
        {
            case ProviderException provider:
                return provider.IsAuthError
                    ? new AuthEvent("MissingAuthError", provider.ProtocolMessage)
                    : new ErrorEvent(provider.ErrorName, provider.ProtocolMessage)
                    {
                        Cause = CauseOf(provider),
                        UpstreamStatusCode = (provider.DecidedBy ?? provider).StatusCode,
                    };
            case TurnMediaException media:
                return new ErrorEvent(TurnMediaException.ErrorName, media.ProtocolMessage);
            case BucketReadException bucket:
                LogBucketReadFailed(logger, bucket.InnerException ?? bucket);
                return new ErrorEvent((bucket.InnerException ?? bucket).GetType().Name, "Reading the files of a bucket failed");
            default:
                LogUnexpectedFailure(logger, exception);
                var name = exception.GetType().Name;
                return new ErrorEvent(name, $"{name}: The turn failed unexpectedly");
        }
    }

    /// <summary>The name of the failure that decides a <c>RetryProviderError</c>, when it is not the error's own name.</summary>
    private static string? CauseOf(ProviderException provider) => provider.DecidedBy switch
    {
        { IsAuthError: true } => "MissingAuthError",
        { ErrorName: var name } when name != provider.ErrorName => name,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading bucket files for a conversation turn failed")]
    private static partial void LogBucketReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A conversation turn failed unexpectedly")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception);
}
