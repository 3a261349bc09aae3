using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Bench;

/// <summary>
/// The turn's own work without the network, in process: a 64-chunk upstream stream served from memory (every read
/// completes at once), through <see cref="ConversationService.RunAsync"/> (as the endpoint runs a turn) and the event serializer into a discarding writer.
/// Reports managed bytes allocated and CPU time per stream, the numbers the hot path is tuned by (a profiler stand-in).
/// </summary>
internal static class HotPathBench
{
    public static async Task RunAsync(bool quick, bool types, int? streamCount)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-bench", Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = dataDirectory;
        }).AddOpenAICompatibleProvider("Fake", p => p.BaseUrl = "http://upstream.invalid/v1");
        services.AddSingleton<IHttpClientFactory>(new MemoryUpstream());
        await using var provider = services.BuildServiceProvider();
        var conversations = provider.GetRequiredService<ConversationService>();
        var request = new ChatRequest
        {
            Messages = [new JsonObject { ["role"] = "user", ["content"] = "Bench" }],
            Model = "fake-model",
            Provider = "Fake",
        };

        var sink = new DiscardingWriter();
        async Task<int> StreamOnceAsync()
        {
            using var json = ResponseEventSerializer.CreateWriter(sink);
            var events = 0;
            var outcome = await conversations.RunAsync(request, TurnInput.None);
            await foreach (var responseEvent in outcome.Events)
            {
                ResponseEventSerializer.Serialize(json, responseEvent);
                events++;
            }

            return events;
        }

        var streams = streamCount ?? (quick ? 2_000 : 20_000);
        for (var i = 0; i < streams / 4; i++)
        {
            await StreamOnceAsync();
        }

        using var sampler = types ? new AllocationSampler() : null;
        GC.Collect();
        sampler?.Recording = true;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var eventsPerStream = 0;
        for (var i = 0; i < streams; i++)
        {
            eventsPerStream = await StreamOnceAsync();
        }

        clock.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hot path in process ({BenchUpstream.Chunks}-chunk stream from memory, {eventsPerStream} events, {streams} streams): {bytes / (double)streams:F0} bytes allocated a stream, {cpuUsed.TotalMilliseconds * 1000 / streams:F1} us CPU a stream, {clock.Elapsed.TotalMilliseconds * 1000 / streams:F1} us wall"));
        if (sampler is not null)
        {
            sampler.Recording = false;
            Console.WriteLine("sampled allocations by type (one sample about every 100 KB):");
            sampler.Print(streams);
        }

        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Every client answers every request with the bench upstream's stream, from memory.</summary>
    private sealed class MemoryUpstream : IHttpClientFactory
    {
        private readonly HttpClient _client = new(new Handler()) { Timeout = Timeout.InfiniteTimeSpan };

        public HttpClient CreateClient(string name) => _client;

        private sealed class Handler : HttpMessageHandler
        {
            private static readonly byte[] Body = BenchUpstream.RenderBody();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var content = new StreamContent(new MemoryStream(Body, writable: false));
                content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
            }
        }
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> that forgets what it is given, like a socket would.</summary>
    private sealed class DiscardingWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[4096];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).Span;

        private Memory<byte> Ensure(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }

            return _buffer;
        }
    }
}
