using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>A request <see cref="FakeUpstream"/> received, recorded before it was answered.</summary>
public sealed class RecordedRequest
{
    private RecordedRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, string body, JsonNode? jsonBody)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        JsonBody = jsonBody;
    }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>The query string including <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>The request headers (names case-insensitive; repeated values joined with <c>", "</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as UTF-8 text (empty when there was none).</summary>
    public string Body { get; }

    /// <summary>The body parsed as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? JsonBody { get; }

    /// <summary>The <c>model</c> field of a JSON body, when it is a string.</summary>
    public string? Model => JsonBody is JsonObject o && o["model"] is JsonValue v && v.TryGetValue<string>(out var model) ? model : null;

    internal static async Task<RecordedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, body, TryParse(body));
    }

    private static JsonNode? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // Not JSON: tests read Body instead.
            return null;
        }
    }
}
