using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Requests;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// A failure in OpenAI's terms: the status and the error body. Upstream failures keep their meaning (a rejected key is
/// 401, a rate limit 429, an exhausted quota (402) OpenAI's 429 <c>insufficient_quota</c>, an unknown model 404);
/// everything else an upstream does wrong is a bad gateway (502), an upstream gateway's timeout (504) included. When
/// several providers failed, the one the router's precedence picked (<see cref="ErrorEvent.Cause"/>) decides.
/// </summary>
internal sealed record OpenAIFailure(int StatusCode, string Message, string Type, string? Code)
{
    private const string InvalidRequest = "invalid_request_error";

    /// <summary>The request field the failure is about (OpenAI's <c>param</c>), when one is; written as null otherwise.</summary>
    public string? Param { get; init; }

    public static OpenAIFailure BadRequest(string message, string? code = null, string? param = null) =>
        new(StatusCodes.Status400BadRequest, message, InvalidRequest, code) { Param = param };

    /// <summary>A body the backend's reader refused (too large, not JSON, wrong content type): its status, OpenAI's shape.</summary>
    public static OpenAIFailure FromBodyRead(int statusCode, string message) => new(statusCode, message, InvalidRequest, null);

    /// <summary>A turn refused before its stream: 404 for a provider that is not configured, 400 for media that may not be used.</summary>
    public static OpenAIFailure FromRefusal(TurnRefusal refusal) =>
        refusal.StatusCode == StatusCodes.Status404NotFound
            ? new(StatusCodes.Status404NotFound, refusal.Message, InvalidRequest, "provider_not_found")
            : new(refusal.StatusCode, refusal.Message, InvalidRequest, null);

    /// <summary>
    /// A request a Core service refused before any upstream call: an unknown provider is 404, one that cannot do what was
    /// asked 400 (it is the caller's choice, not a server failure), anything else the status of its kind.
    /// </summary>
    public static OpenAIFailure FromRefusal(RequestRefusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => new(StatusCodes.Status404NotFound, refusal.Message, InvalidRequest, "provider_not_found"),
        RefusalKind.Unsupported => BadRequest(refusal.Message, "unsupported_provider"),
        _ => new(ErrorResults.StatusOf(refusal.Kind), refusal.Message, InvalidRequest, null),
    };

    /// <summary>
    /// The failure an <c>auth</c> or <c>error</c> event of the turn stands for, or a finish the upstream reported as
    /// <c>error</c> (OpenRouter, for an answer it could not finish: OpenAI has no such finish reason, and a cut answer
    /// must not look whole, so it is a bad gateway like any upstream failure); null for any other event.
    /// </summary>
    public static OpenAIFailure? FromEvent(ResponseEvent responseEvent) => responseEvent switch
    {
        AuthEvent auth => Unauthorized(auth.Message),
        ErrorEvent error => Upstream(FailureClassification.Of(error) ?? FailureKind.Failed, error.Message, error.Error),
        FinishEvent { Finish.Reason: var reason } when OpenAIFinishReasons.IsError(reason) => new(
            StatusCodes.Status502BadGateway, "The upstream ended the answer with finish_reason \"error\": it failed before the answer was complete.", "upstream_error", "ResponseError"),
        _ => null,
    };

    /// <summary>A provider's failure outside a turn (speech), by the same rules as a turn's.</summary>
    public static OpenAIFailure FromProviderFailure(ProviderException error) =>
        Upstream(FailureClassification.Of(error), error.ProtocolMessage, error.ErrorName);

    /// <summary>
    /// A whole answer past <see cref="ConversationService.MaxWholeAnswerChars"/>: what the upstream sent is more than a
    /// non-streamed completion holds, a bad gateway like any other upstream answer that cannot be given, named as
    /// <c>/create</c> names the same failure.
    /// </summary>
    public static OpenAIFailure AnswerTooLong() => new(
        StatusCodes.Status502BadGateway,
        $"The answer is longer than {ConversationService.MaxWholeAnswerChars} characters, the most a completion that is not streamed holds; ask for it with \"stream\": true.",
        "upstream_error",
        "ResponseError");

    private static OpenAIFailure Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message, "authentication_error", "invalid_api_key");

    /// <summary>
    /// The /v1 table of Core's kinds (<see cref="FailureClassification"/>, which reads the deciding failure of a
    /// <c>RetryProviderError</c>); <c>code</c> of a 502 is the error's own name. Exhausted credit is OpenAI's own 429
    /// <c>insufficient_quota</c>; an unreachable upstream (a 504 included, which g4f names <c>RateLimitError</c>) is a 502.
    /// </summary>
    private static OpenAIFailure Upstream(FailureKind kind, string message, string errorName) => kind switch
    {
        FailureKind.Unauthorized => Unauthorized(message),
        FailureKind.QuotaExhausted => new(StatusCodes.Status429TooManyRequests, message, "insufficient_quota", "insufficient_quota"),
        FailureKind.RateLimited => new(StatusCodes.Status429TooManyRequests, message, "rate_limit_error", "rate_limit_exceeded"),
        FailureKind.ModelNotFound => new(StatusCodes.Status404NotFound, message, InvalidRequest, "model_not_found"),
        FailureKind.ProviderNotFound => new(StatusCodes.Status404NotFound, message, InvalidRequest, "provider_not_found"),
        _ => new(StatusCodes.Status502BadGateway, message, "upstream_error", errorName),
    };

    public OpenAIErrorEnvelope ToEnvelope() => new(new OpenAIError(Message, Type, Param, Code));

    public IResult ToResult() => TypedResults.Json(ToEnvelope(), OpenAIJsonContext.Default.OpenAIErrorEnvelope, statusCode: StatusCode);
}
