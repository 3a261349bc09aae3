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

    public static Task WriteAsync(HttpContext context, int statusCode, string message) => Error(statusCode, message).ExecuteAsync(context);
}
