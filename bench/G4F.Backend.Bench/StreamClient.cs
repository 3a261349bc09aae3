using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace G4F.Backend.Bench;

/// <summary>
/// The load client: sends one request, reads the whole streamed body in pooled buffers without decoding it, and returns
/// the time to the first content (the first occurrence of a marker, or the first body byte when the marker is empty).
/// The same client reads the upstream directly and the backend, so the ratios compare like with like.
/// </summary>
internal static class StreamClient
{
    private static readonly byte[] DirectBody = """{"model":"fake-model","messages":[{"role":"user","content":"Bench"}],"stream":true}"""u8.ToArray();
    private static readonly byte[] ConversationBody = """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Bench"}]}"""u8.ToArray();
    private static readonly byte[] OpenAIBody = """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Bench"}],"stream":true}"""u8.ToArray();
    private static readonly byte[] DirectContent = "\"content\""u8.ToArray();
    private static readonly byte[] ConversationContent = "event: content\n"u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    })
    { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The upstream's own SSE: the first <c>"content"</c> is the first content.</summary>
    public static Task<double> DirectAsync(HttpClient client, string openAIBaseUrl) =>
        FetchAsync(client, Post(openAIBaseUrl + "/chat/completions", DirectBody), DirectContent);

    /// <summary>The minimal Kestrel proxy (<see cref="MinimalProxy"/>) relaying the upstream's SSE as it is.</summary>
    public static Task<double> ProxyAsync(HttpClient client, string proxyBaseUrl) =>
        FetchAsync(client, Post(proxyBaseUrl + "/proxy", DirectBody), DirectContent);

    /// <summary><c>POST /backend-api/v2/conversation</c>: the first <c>event: content</c> record is the first content.</summary>
    public static Task<double> ConversationAsync(HttpClient client, string backendBaseUrl) =>
        FetchAsync(client, Post(backendBaseUrl + "/backend-api/v2/conversation", ConversationBody), ConversationContent);

    /// <summary><c>POST /v1/chat/completions</c> streamed (the OpenAI front door): the first <c>"content"</c> is the first content, as direct.</summary>
    public static Task<double> OpenAIAsync(HttpClient client, string backendBaseUrl) =>
        FetchAsync(client, Post(backendBaseUrl + "/v1/chat/completions", OpenAIBody), DirectContent);

    /// <summary><c>GET /backend-api/v2/create</c>, streamed plain text: the first body byte is the first content.</summary>
    public static Task<double> CreateAsync(HttpClient client, string backendBaseUrl) =>
        FetchAsync(client, new HttpRequestMessage(HttpMethod.Get, backendBaseUrl + "/backend-api/v2/create?prompt=Bench&provider=Fake&model=fake-model"), []);

    private static HttpRequestMessage Post(string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    }

    private static async Task<double> FetchAsync(HttpClient client, HttpRequestMessage request, byte[] marker)
    {
        var clock = Stopwatch.StartNew();
        using var _ = request;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            double first = -1;
            var carried = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(carried))) > 0)
            {
                if (first >= 0)
                {
                    continue;
                }

                var seen = buffer.AsSpan(0, carried + read);
                if (seen.IndexOf(marker) >= 0)
                {
                    first = clock.Elapsed.TotalMilliseconds;
                    carried = 0;
                    continue;
                }

                // Keep the tail a marker split across two reads could start in.
                carried = Math.Min(seen.Length, marker.Length - 1);
                seen[^carried..].CopyTo(buffer);
            }

            return first >= 0 ? first : throw new InvalidOperationException($"No content arrived from {request.RequestUri}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
