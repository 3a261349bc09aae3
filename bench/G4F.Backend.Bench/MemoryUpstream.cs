using System.Net;
using System.Net.Http.Headers;

namespace G4F.Backend.Bench;

/// <summary>Every client answers every request with the bench upstream's stream, from memory (every read completes at once).</summary>
internal sealed class MemoryUpstream(int chunks) : IHttpClientFactory
{
    private readonly HttpClient _client = new(new Handler(BenchUpstream.RenderBody(chunks))) { Timeout = Timeout.InfiniteTimeSpan };

    public HttpClient CreateClient(string name) => _client;

    private sealed class Handler(byte[] body) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Read the request as a real upstream would (the provider's request writing is part of the hot path).
            if (request.Content is { } sent)
            {
                await sent.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var content = new StreamContent(new MemoryStream(body, writable: false));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
