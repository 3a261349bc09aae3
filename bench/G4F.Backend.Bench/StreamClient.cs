using System.Diagnostics;
using System.Net;
using System.Text;

namespace G4F.Backend.Bench;

/// <summary>Reads a streamed answer to its end, timing the first content line.</summary>
internal static class StreamClient
{
    private const string DirectBody = """{"model":"fake-model","messages":[{"role":"user","content":"Bench"}],"stream":true}""";
    private const string BackendBody = """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Bench"}]}""";

    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The upstream's own SSE: the first <c>data:</c> line with a delta content is the first content.</summary>
    public static Task<double> DirectAsync(HttpClient client, string openAIBaseUrl) =>
        FetchAsync(client, openAIBaseUrl + "/chat/completions", DirectBody, line => line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"content\"", StringComparison.Ordinal));

    /// <summary>The backend's stream: the first <c>event: content</c> record is the first content.</summary>
    public static Task<double> BackendAsync(HttpClient client, string backendBaseUrl) =>
        FetchAsync(client, backendBaseUrl + "/backend-api/v2/conversation", BackendBody, line => line == "event: content");

    private static async Task<double> FetchAsync(HttpClient client, string url, string body, Func<string, bool> isFirstContent)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double first = -1;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (first < 0 && isFirstContent(line))
            {
                first = clock.Elapsed.TotalMilliseconds;
            }
        }

        return first >= 0 ? first : throw new InvalidOperationException($"No content arrived from {url}");
    }
}
