using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>The parsed JSON object of a request, or the status and message to refuse it with.</summary>
internal readonly record struct BodyReadResult(JsonObject? Body, int StatusCode, string? Error)
{
    public static BodyReadResult Success(JsonObject body) => new(body, StatusCodes.Status200OK, null);

    public static BodyReadResult Invalid(string message) => new(null, StatusCodes.Status400BadRequest, message);

    public static BodyReadResult TooLarge(long maxBytes) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"Request body is larger than {maxBytes} bytes");

    public static BodyReadResult TooManyValues(int maxValues) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"Request body has more than {maxValues} JSON values");
}
