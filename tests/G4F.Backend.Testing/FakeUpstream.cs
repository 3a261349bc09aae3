using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>
/// A fake LLM upstream on real Kestrel at <c>http://127.0.0.1:&lt;free port&gt;</c>, speaking both the
/// OpenAI dialect (<c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>) and the Ollama dialect
/// (<c>POST /api/chat</c>, <c>GET /api/tags</c>), plus OpenAI speech (<c>/audio/speech</c>) and image generation
/// (<c>/images/generations</c>). Every request is recorded before it is answered.
/// </summary>
/// <remarks>
/// Any path ending in <c>/chat/completions</c> or <c>/models</c> is served in the OpenAI dialect, so a
/// client configured with <see cref="BaseUrl"/> instead of <see cref="OpenAIBaseUrl"/> works too.
/// Other paths answer 404.
/// </remarks>
public sealed partial class FakeUpstream : IAsyncDisposable
{
    private readonly List<RecordedRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ChangeSignal _signal = new();
    private WebApplication? _app;
    private int _cancelledRequests;
    private int _chunksWritten;

    private FakeUpstream()
    {
    }

    /// <summary>The server root, <c>http://127.0.0.1:&lt;port&gt;</c> (the Ollama base URL).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The OpenAI base URL: <see cref="BaseUrl"/> + <c>/v1</c>.</summary>
    public string OpenAIBaseUrl => BaseUrl + "/v1";

    /// <summary>The models <c>GET /v1/models</c> and <c>GET /api/tags</c> list. Default <c>["fake-model"]</c>.</summary>
    public IList<string> Models { get; set; } = ["fake-model"];

    /// <summary>
    /// Optional reply of the model routes: a <see cref="FakeReply.Status"/> reply is sent as is; any other
    /// reply only contributes its delay and headers before the normal model list.
    /// </summary>
    public FakeReply? ModelsReply { get; set; }

    /// <summary>The reply to every chat request. Default <c>FakeReply.Text("Hello", " world")</c>.</summary>
    public FakeReply Reply { get; set; } = FakeReply.Text("Hello", " world");

    /// <summary>Chooses the reply per chat request; wins over <see cref="Reply"/>.</summary>
    public Func<RecordedRequest, FakeReply>? ReplySelector { get; set; }

    /// <summary>
    /// Fixed JSON bodies served on <c>GET</c> by exact path (e.g. a NuGet flat-container index); checked
    /// before the dialect routes.
    /// </summary>
    public IDictionary<string, string> RawResponses { get; } = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_signal.Gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Chat requests whose client went away before the reply finished.</summary>
    public int CancelledRequests => Volatile.Read(ref _cancelledRequests);

    /// <summary>
    /// Chunks (SSE events or NDJSON lines) written and flushed so far, over all requests. A chunk is counted
    /// as it is handed to Kestrel, so a client that has read N chunks always finds this at N or more.
    /// </summary>
    public int ChunksWritten => Volatile.Read(ref _chunksWritten);

    /// <summary>
    /// A loopback port nothing listens on (bound, read and released), for "connection refused" cases.
    /// Another process could take it in between; on a test machine that is vanishingly rare.
    /// </summary>
    /// <returns>The port number.</returns>
    public static int GetUnusedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<FakeUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var upstream = new FakeUpstream();
        (upstream._app, upstream.BaseUrl) = await LoopbackServer.StartAsync(upstream.HandleAsync, cancellationToken);
        return upstream;
    }

    /// <summary>Completes once at least one chat request was cancelled by its client.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>A task that completes when it happened.</returns>
    /// <exception cref="TimeoutException">No request was cancelled within <paramref name="timeout"/>.</exception>
    public Task WaitForCancelledRequestAsync(TimeSpan timeout) => WaitForCancelledRequestsAsync(1, timeout);

    /// <summary>Completes once at least <paramref name="count"/> chat requests were cancelled by their clients.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>A task that completes when it happened.</returns>
    /// <exception cref="TimeoutException">Fewer were cancelled within <paramref name="timeout"/>.</exception>
    public Task WaitForCancelledRequestsAsync(int count, TimeSpan timeout) =>
        _signal.WaitUntilAsync(() => _cancelledRequests >= count, timeout, () => $"{_cancelledRequests} of {count} expected chat requests were cancelled within {timeout}.");

    /// <summary>Completes once at least <paramref name="count"/> requests (of any route) were received and recorded.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>A task that completes when they arrived.</returns>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>.</exception>
    public Task WaitForRequestsAsync(int count, TimeSpan timeout) =>
        _signal.WaitUntilAsync(() => _requests.Count >= count, timeout, () => $"{_requests.Count} of {count} expected requests arrived within {timeout}.");

    /// <summary>Completes once a request whose path ends with <paramref name="pathSuffix"/> was received and recorded.</summary>
    /// <param name="pathSuffix">The end of the path, such as <c>/images/generations</c>.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>A task that completes when it arrived.</returns>
    /// <exception cref="TimeoutException">None arrived within <paramref name="timeout"/>.</exception>
    public Task WaitForRequestAsync(string pathSuffix, TimeSpan timeout) =>
        _signal.WaitUntilAsync(
            () => _requests.Exists(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)),
            timeout,
            () => $"No request to a path ending in {pathSuffix} arrived within {timeout}.");

    /// <summary>Stops the server; replies still running are aborted.</summary>
    /// <returns>A task that completes when the server stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var token = linked.Token;
        var request = context.Request;
        var recorded = await RecordedRequest.ReadAsync(request, token);
        lock (_signal.Gate)
        {
            _requests.Add(recorded);
        }

        _signal.Pulse();

        var path = recorded.Path;
        var isGet = HttpMethods.IsGet(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);
        if (isGet && RawResponses.TryGetValue(path, out var raw))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw, token);
        }
        else if (isPost && path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await ChatAsync(context, recorded, FakeDialect.OpenAI, token);
        }
        else if (isPost && path.EndsWith("/audio/speech", StringComparison.Ordinal))
        {
            await SpeechAsync(context, token);
        }
        else if (isPost && path.EndsWith("/images/generations", StringComparison.Ordinal))
        {
            await ImagesAsync(context, token);
        }
        else if (isPost && path == "/api/chat")
        {
            await ChatAsync(context, recorded, FakeDialect.Ollama, token);
        }
        else if (isGet && path == "/api/tags")
        {
            await ModelsAsync(context, OllamaDialect.Tags, token);
        }
        else if (isGet && path.EndsWith("/models", StringComparison.Ordinal))
        {
            await ModelsAsync(context, OpenAIDialect.ModelList, token);
        }
        else
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"message":"no such route on the fake upstream"}}""", token);
        }
    }

    private async Task ChatAsync(HttpContext context, RecordedRequest recorded, FakeDialect dialect, CancellationToken token)
    {
        var reply = ReplySelector?.Invoke(recorded) ?? Reply;
        var finished = false;
        try
        {
            if (!await ReplyWriter.WriteHeadAsync(context, reply, token))
            {
                var model = reply.Model ?? recorded.Model ?? "fake-model";
                await ReplyWriter.WriteStreamAsync(context, reply, dialect, model, () => Interlocked.Increment(ref _chunksWritten), token);
            }

            finished = true;
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The client went away (or the server is stopping): nothing more to write.
        }
        finally
        {
            if (_stopping.IsCancellationRequested)
            {
                // Never let a stopping server end a reply cleanly: the client must not mistake it for a full answer.
                context.Abort();
            }
            else if (!finished && context.RequestAborted.IsCancellationRequested)
            {
                RecordCancelled();
            }
        }
    }

    private async Task ModelsAsync(HttpContext context, Func<IEnumerable<string>, string> render, CancellationToken token)
    {
        try
        {
            if (ModelsReply is { } reply && await ReplyWriter.WriteHeadAsync(context, reply, token))
            {
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(render([.. Models]), token);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The client went away during a delay.
        }
    }

    private void RecordCancelled()
    {
        lock (_signal.Gate)
        {
            _cancelledRequests++;
        }

        _signal.Pulse();
    }
}
