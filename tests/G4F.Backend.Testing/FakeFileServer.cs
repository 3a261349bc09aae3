using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>
/// A generic fake web server on real Kestrel at <c>http://127.0.0.1:&lt;free port&gt;</c>: files, redirects and stalls
/// by exact path, for downloader tests. Unmapped paths answer 404. Every request's path and query is recorded.
/// </summary>
public sealed class FakeFileServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _stalled = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private FakeFileServer()
    {
    }

    /// <summary>The server root, <c>http://127.0.0.1:&lt;port&gt;</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The port the server listens on.</summary>
    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Path and query of every request so far, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<FakeFileServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeFileServer();
        (server._app, server.BaseUrl) = await LoopbackServer.StartAsync(server.HandleAsync, cancellationToken);
        return server;
    }

    /// <summary>Answers <paramref name="path"/> with <paramref name="handler"/>.</summary>
    /// <param name="path">The exact request path, such as <c>/a.png</c>.</param>
    /// <param name="handler">Writes the response.</param>
    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>.</summary>
    /// <param name="path">The exact request path.</param>
    /// <param name="contentType">The <c>Content-Type</c>, or null to send none.</param>
    /// <param name="body">The bytes.</param>
    /// <param name="chunked">True to send no <c>Content-Length</c> (chunked transfer encoding).</param>
    /// <param name="headers">Extra response headers.</param>
    public void MapFile(string path, string? contentType, byte[] body, bool chunked = false, IDictionary<string, string>? headers = null) =>
        Map(path, async context =>
        {
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (!chunked)
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
                return;
            }

            // Two writes with a flush between them: the length is never known up front.
            var half = body.Length / 2;
            await context.Response.Body.WriteAsync(body.AsMemory(0, half));
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(body.AsMemory(half));
        });

    /// <summary>Serves UTF-8 <paramref name="text"/> at <paramref name="path"/>.</summary>
    /// <param name="path">The exact request path.</param>
    /// <param name="contentType">The <c>Content-Type</c>.</param>
    /// <param name="text">The body.</param>
    public void MapText(string path, string contentType, string text) => MapFile(path, contentType, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Redirects <paramref name="path"/> to <paramref name="location"/>.</summary>
    /// <param name="path">The exact request path.</param>
    /// <param name="location">The <c>Location</c> header, absolute or relative, sent as is.</param>
    /// <param name="status">The redirect status. Default 302.</param>
    public void MapRedirect(string path, string location, int status = StatusCodes.Status302Found) =>
        Map(path, context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    /// <summary>Answers <paramref name="path"/> with headers and then never finishes the body until the client goes away.</summary>
    /// <param name="path">The exact request path.</param>
    /// <returns>A task that completes when the first request for the path arrived.</returns>
    public Task MapStall(string path)
    {
        var reached = _stalled.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Map(path, async context =>
        {
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
            await context.Response.Body.FlushAsync();
            reached.TrySetResult();
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, both.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up or the server stops.
            }
        });
        return reached.Task;
    }

    /// <inheritdoc />
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

    private Task HandleAsync(HttpContext context)
    {
        _requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (_routes.TryGetValue(context.Request.Path.Value ?? string.Empty, out var handler))
        {
            return handler(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
