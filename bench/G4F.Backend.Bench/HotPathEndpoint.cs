using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Bench;

/// <summary>
/// One route of the backend through the real ASP.NET Core pipeline (routing, the endpoint's request reading, caller
/// identity, the turn, the response writer) over TestServer (an HttpContext handed in, the response body read to its end), the upstream from memory: what a request costs beyond the
/// turn, without sockets. <c>empty</c> maps a route that reads the body and writes one line: the harness's own share.
/// </summary>
internal sealed class HotPathEndpoint : IAsyncDisposable
{
    private static readonly byte[] ConversationBody = """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Bench"}]}"""u8.ToArray();
    private readonly WebApplication _app;
    private readonly TestServer _server;
    private readonly Action<HttpContext> _request;
    private readonly byte[] _buffer = new byte[16 * 1024];

    private HotPathEndpoint(WebApplication app, Action<HttpContext> request)
    {
        _app = app;
        _server = app.GetTestServer();
        _request = request;
    }

    public static async Task<HotPathEndpoint> StartAsync(string route, int chunks, string dataDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = dataDirectory;
        }).AddOpenAICompatibleProvider("Fake", p => p.BaseUrl = "http://upstream.invalid/v1");
        builder.Services.AddSingleton<IHttpClientFactory>(new MemoryUpstream(chunks));
        var app = builder.Build();
        app.MapG4FBackend();
        app.MapG4FOpenAI();
        app.MapPost("/bench/empty", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync("data: {}\n\n"u8.ToArray(), context.RequestAborted);
        });
        await app.StartAsync();
        return new HotPathEndpoint(app, route switch
        {
            "conversation" => Post("/backend-api/v2/conversation", ConversationBody),
            "openai" => Post("/v1/chat/completions", """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Bench"}],"stream":true}"""u8.ToArray()),
            "create" => Get("/backend-api/v2/create", "?prompt=Bench&provider=Fake&model=fake-model"),
            "empty" => Post("/bench/empty", ConversationBody),
            _ => throw new ArgumentException($"--endpoint={route}: one of conversation, create, openai, empty", nameof(route)),
        });
    }

    /// <summary>One request (an HttpContext handed to the pipeline, no client in between), its response read to the end; the response's byte count.</summary>
    public async Task<int> StreamOnceAsync()
    {
        var context = await _server.SendAsync(_request);
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The route answered {context.Response.StatusCode}");
        }

        var body = context.Response.Body;
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(_buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Action<HttpContext> Get(string path, string query) => context =>
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
    };

    private static Action<HttpContext> Post(string path, byte[] body) => context =>
    {
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = path;
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
    };
}
