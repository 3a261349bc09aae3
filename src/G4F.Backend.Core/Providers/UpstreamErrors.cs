using System.Net;
using System.Text;
using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>Maps upstream HTTP failures to protocol errors exactly as PROTOCOL 3.7 does.</summary>
internal static class UpstreamErrors
{
    private const int MaxErrorBodyBytes = 16 * 1024;
    private const int MaxMessageChars = 1000;

    /// <summary>Reads (a bounded part of) a non-success response and maps it to a <see cref="ProviderException"/>.</summary>
    public static async Task<ProviderException> FromResponseAsync(HttpResponseMessage response, string? apiKey, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        var message = ExtractMessage(text);
        if (string.IsNullOrWhiteSpace(message))
        {
            message = response.ReasonPhrase ?? ((HttpStatusCode)status).ToString();
        }

        return FromStatus(status, message, apiKey, IsCloudflare(response), ExtractCode(text));
    }

    /// <summary>Maps a status, upstream message and (OpenAI's <c>error.code</c>) code to the protocol's error name.</summary>
    public static ProviderException FromStatus(int status, string upstreamMessage, string? apiKey, bool cloudflare = false, string? code = null)
    {
        var text = $"Response {status}: {Truncate(SecretRedactor.Redact(upstreamMessage.Trim(), apiKey))}";
        if (status == 401 || (status == 400 && upstreamMessage.Contains("API key not valid", StringComparison.OrdinalIgnoreCase)))
        {
            return new ProviderException("MissingAuthError", text, isAuthError: true, statusCode: status);
        }

        if (IsModelNotFound(status, upstreamMessage, code))
        {
            return new ProviderException("ModelNotFoundError", text, statusCode: status);
        }

        if (status is 429 or 402 or 504)
        {
            return new ProviderException("RateLimitError", text, statusCode: status);
        }

        if (status == 403 && cloudflare)
        {
            return new ProviderException("CloudflareError", text, statusCode: status);
        }

        return new ProviderException("ResponseStatusError", text, statusCode: status);
    }

    /// <summary>An error the upstream reported inside a successful (200) stream.</summary>
    public static ProviderException FromStreamError(string providerName, string? upstreamMessage, string? apiKey) =>
        new("ResponseError", string.IsNullOrWhiteSpace(upstreamMessage)
            ? $"{providerName} reported an error in the stream"
            : Truncate(SecretRedactor.Redact(upstreamMessage.Trim(), apiKey)));

    /// <summary>Picks <c>error.message</c>, <c>error</c>, <c>message</c> or <c>detail</c> from a JSON error body, else the text.</summary>
    public static string ExtractMessage(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                var root = document.RootElement;
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String)
                    {
                        return inner.GetString()!;
                    }

                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString()!;
                    }
                }

                foreach (var name in (ReadOnlySpan<string>)["message", "detail"])
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString()!;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the raw text is the message.
            }
        }

        return trimmed;
    }

    /// <summary>
    /// An upstream that does not know the model: OpenAI's <c>model_not_found</c> code (404, some compatible servers 400),
    /// or a 404 whose message says a model is not found or does not exist (Ollama: <c>model "x" not found, try pulling
    /// it first</c>; vLLM: <c>The model `x` does not exist.</c>).
    /// </summary>
    private static bool IsModelNotFound(int status, string message, string? code) =>
        (status is 400 or 404 && string.Equals(code, "model_not_found", StringComparison.OrdinalIgnoreCase))
        || (status == 404 && message.Contains("model", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("not found", StringComparison.OrdinalIgnoreCase) || message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)));

    /// <summary>OpenAI's <c>error.code</c> when it is a string, else null.</summary>
    private static string? ExtractCode(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsCloudflare(HttpResponseMessage response) =>
        response.Headers.TryGetValues("server", out var values) && values.Any(v => v.Contains("cloudflare", StringComparison.OrdinalIgnoreCase))
        && response.Headers.Contains("cf-ray");

    private static string Truncate(string text) => text.Length <= MaxMessageChars ? text : string.Concat(text.AsSpan(0, MaxMessageChars), "...");

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }
}
