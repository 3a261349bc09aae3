using G4F.Backend.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>Error answers in the protocol's JSON envelope, never HTML or plain text.</summary>
internal static class ErrorResults
{
    public static JsonHttpResult<ErrorEnvelope> Error(int statusCode, string message) =>
        TypedResults.Json(new ErrorEnvelope(new ErrorDetail(message)), BackendJsonContext.Default.ErrorEnvelope, statusCode: statusCode);

    public static JsonHttpResult<ErrorEnvelope> BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static JsonHttpResult<ErrorEnvelope> NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    /// <summary>The answer to a Core service's refusal: its status and its message in the envelope.</summary>
    public static JsonHttpResult<ErrorEnvelope> From(RequestRefusal refusal) => Error(StatusOf(refusal.Kind), refusal.Message);

    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.InvalidRequest => StatusCodes.Status400BadRequest,
        RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.TooLarge => StatusCodes.Status413PayloadTooLarge,

        // The original answers a provider that cannot do what was asked with 500.
        _ => StatusCodes.Status500InternalServerError,
    };

    public static Task WriteAsync(HttpContext context, int statusCode, string message) => Error(statusCode, message).ExecuteAsync(context);
}
