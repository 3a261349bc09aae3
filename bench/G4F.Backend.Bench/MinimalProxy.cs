using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.Bench;

/// <summary>
/// The ceiling the streaming bench compares the backend with: the least a Kestrel app can do to relay an upstream stream
/// (read the request, one pooled HttpClient call, copy every read of the upstream body to the response and flush it, no
/// parsing). Run by the bench as its own process on the server core (<c>proxy --upstream URL</c>), measured like the sample.
/// What the backend adds over this is the cost of being a backend; what this costs over direct is Kestrel's and HttpClient's.
/// </summary>
internal static class MinimalProxy
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var upstream = builder.Configuration["upstream"] ?? throw new InvalidOperationException("proxy needs --upstream URL");
        var app = builder.Build();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        });
        var json = new MediaTypeHeaderValue("application/json");
        app.MapPost("/proxy", async (HttpContext context) =>
        {
            var aborted = context.RequestAborted;
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, aborted);
            var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
            content.Headers.ContentType = json;
            using var request = new HttpRequestMessage(HttpMethod.Post, upstream + "/chat/completions") { Content = content };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted);
            context.Response.ContentType = "text/event-stream";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await using var stream = await response.Content.ReadAsStreamAsync(aborted);
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, aborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                    await context.Response.Body.FlushAsync(aborted);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        await app.RunAsync();
    }
}
