using System.Net;
using System.Text;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

public sealed class UpstreamErrorsTests
{
    private const string Key = "sk-live-abcdef123456";

    [Theory]
    [InlineData(401, "Unauthorized", "MissingAuthError", true)]
    [InlineData(400, "API key not valid. Please pass a valid API key.", "MissingAuthError", true)]
    [InlineData(400, "Bad request", "ResponseStatusError", false)]
    [InlineData(429, "Too many requests", "RateLimitError", false)]
    [InlineData(402, "Payment required", "RateLimitError", false)]
    [InlineData(504, "Gateway timeout", "RateLimitError", false)]
    [InlineData(403, "Forbidden", "ResponseStatusError", false)]
    [InlineData(502, "Bad gateway", "ResponseStatusError", false)]
    [InlineData(500, "Internal error", "ResponseStatusError", false)]
    public void Maps_statuses_as_protocol_3_7(int status, string message, string errorName, bool isAuthError)
    {
        var error = UpstreamErrors.FromStatus(status, message, apiKey: null);

        error.ErrorName.Should().Be(errorName);
        error.IsAuthError.Should().Be(isAuthError);
        error.StatusCode.Should().Be(status);
        error.ProtocolMessage.Should().Be($"{errorName}: Response {status}: {message}");
    }

    [Fact]
    public async Task A_403_from_cloudflare_is_a_cloudflare_error()
    {
        using var response = Response(403, "<html>Just a moment...</html>", "text/html");
        response.Headers.Add("Server", "cloudflare");
        response.Headers.Add("cf-ray", "8c1f2e3d4b5a6978-FRA");

        var error = await UpstreamErrors.FromResponseAsync(response, null, default);

        error.ErrorName.Should().Be("CloudflareError");
    }

    [Fact]
    public async Task Reads_error_message_from_a_json_body()
    {
        using var response = Response(429, """{"error":{"message":"Rate limit reached","type":"requests"}}""");

        var error = await UpstreamErrors.FromResponseAsync(response, null, default);

        error.ProtocolMessage.Should().Be("RateLimitError: Response 429: Rate limit reached");
    }

    [Theory]
    [InlineData("""{"error":"model not found"}""", "model not found")]
    [InlineData("""{"message":"no access"}""", "no access")]
    [InlineData("""{"detail":"Not authenticated"}""", "Not authenticated")]
    [InlineData("{not json", "{not json")]
    public async Task Reads_other_json_error_shapes(string body, string message)
    {
        using var response = Response(500, body);

        var error = await UpstreamErrors.FromResponseAsync(response, null, default);

        error.Message.Should().Be($"Response 500: {message}");
    }

    [Fact]
    public async Task Uses_a_plain_text_body_as_is()
    {
        using var response = Response(502, "  upstream connect error  ", "text/plain");

        var error = await UpstreamErrors.FromResponseAsync(response, null, default);

        error.ProtocolMessage.Should().Be("ResponseStatusError: Response 502: upstream connect error");
    }

    [Fact]
    public async Task An_empty_body_falls_back_to_the_reason_phrase()
    {
        using var response = Response(503, string.Empty, "text/plain");

        var error = await UpstreamErrors.FromResponseAsync(response, null, default);

        error.Message.Should().Be("Response 503: Service Unavailable");
    }

    [Fact]
    public async Task Redacts_the_key_and_bearer_tokens_echoed_in_the_body()
    {
        using var response = Response(401, $"{{\"error\":{{\"message\":\"Invalid key {Key}; sent Authorization: Bearer other-token-xyz\"}}}}");

        var error = await UpstreamErrors.FromResponseAsync(response, Key, default);

        error.Message.Should().Be("Response 401: Invalid key ***; sent Authorization: Bearer ***");
        error.ProtocolMessage.Should().NotContain(Key).And.NotContain("other-token-xyz");
    }

    [Fact]
    public void Stream_errors_are_response_errors_without_the_key()
    {
        UpstreamErrors.FromStreamError("P", $"bad {Key}", Key).ProtocolMessage.Should().Be("ResponseError: bad ***");
        UpstreamErrors.FromStreamError("P", " ", Key).ProtocolMessage.Should().Be("ResponseError: P reported an error in the stream");
    }

    private static HttpResponseMessage Response(int status, string body, string contentType = "application/json") => new((HttpStatusCode)status)
    {
        Content = new StringContent(body, Encoding.UTF8, contentType),
    };
}
