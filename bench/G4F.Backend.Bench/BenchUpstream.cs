using System.Text;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.Bench;

/// <summary>
/// The upstream of the streaming bench: an OpenAI chat-completions stream of <see cref="Chunks"/> content chunks, a finish
/// chunk, a usage chunk and <c>[DONE]</c>, each written and flushed on its own, pre-rendered once. As cheap as a Kestrel
/// route can be, so the bench measures the backend, not its fake (gateways are compared against a static upstream too).
/// </summary>
internal sealed class BenchUpstream : IAsyncDisposable
{
    /// <summary>Content chunks a stream: 64, or <c>G4F_BENCH_CHUNKS</c> (1 leaves a request's fixed cost in the real server).</summary>
    public static readonly int Chunks = int.TryParse(Environment.GetEnvironmentVariable("G4F_BENCH_CHUNKS"), out var chunks) && chunks > 0 ? chunks : 64;

    private static readonly byte[][] Events = Render(Chunks);
    private readonly WebApplication _app;

    private BenchUpstream(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary><c>http://127.0.0.1:port/v1</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<BenchUpstream> StartAsync()
    {
        var (app, baseUrl) = await LoopbackServer.StartAsync(StreamAsync, CancellationToken.None);
        return new BenchUpstream(app, baseUrl + "/v1");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task StreamAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;

        // Read the request as a real upstream would, then answer.
        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(aborted);
            body.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = response.BodyWriter;
        try
        {
            foreach (var item in Events)
            {
                await writer.WriteAsync(item, aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static byte[][] Render(int chunks)
    {
        const string Head = """{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"fake-model","choices":[""";
        var events = new List<byte[]>();
        for (var i = 0; i < chunks; i++)
        {
            events.Add(Event(Head + $$"""{"index":0,"delta":{"content":"tok{{i}} "},"finish_reason":null}]}"""));
        }

        events.Add(Event(Head + """{"index":0,"delta":{},"finish_reason":"stop"}]}"""));
        events.Add(Event("""{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"fake-model","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":64,"total_tokens":69}}"""));
        events.Add(Event("[DONE]"));
        return [.. events];
    }

    /// <summary>The whole stream as one body, with <paramref name="chunks"/> content chunks (1 shows a request's fixed cost).</summary>
    public static byte[] RenderBody(int chunks) => [.. Render(chunks).SelectMany(e => e)];

    private static byte[] Event(string payload) => Encoding.UTF8.GetBytes("data: " + payload + "\n\n");
}
