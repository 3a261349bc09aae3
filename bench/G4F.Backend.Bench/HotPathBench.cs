using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Bench;

/// <summary>
/// The turn's own work without the network, in process: an upstream stream of <c>--chunks</c> content chunks (64 by
/// default) served from memory, through <see cref="ConversationService.RunAsync"/> (as the endpoint runs a turn) and the
/// event serializer into a discarding writer; or, with <c>--endpoint</c>, through a route of the real ASP.NET Core
/// pipeline over TestServer (<see cref="HotPathEndpoint"/>). Reports managed bytes allocated and CPU time per stream, the
/// numbers the hot path is tuned by (a profiler stand-in); under callgrind, two stream counts give instructions a stream.
/// </summary>
internal static class HotPathBench
{
    public static async Task RunAsync(HotPathSettings settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-bench", Guid.NewGuid().ToString("N"));
        string label;
        Func<Task<int>> streamOnceAsync;
        IAsyncDisposable owner;
        if (settings.Route is { } route)
        {
            var endpoint = await HotPathEndpoint.StartAsync(route, settings.Chunks, dataDirectory);
            (owner, streamOnceAsync, label) = (endpoint, endpoint.StreamOnceAsync, $"{route} over TestServer");
        }
        else
        {
            var services = new ServiceCollection();
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddG4FBackend(o =>
            {
                o.LatestVersionUrl = null;
                o.DataDirectory = dataDirectory;
            }).AddOpenAICompatibleProvider("Fake", p => p.BaseUrl = "http://upstream.invalid/v1");
            services.AddSingleton<IHttpClientFactory>(new MemoryUpstream(settings.Chunks));
            var provider = services.BuildServiceProvider();
            (owner, streamOnceAsync, label) = (provider, TurnLoop(provider.GetRequiredService<ConversationService>()), "turn in process");
        }

        await using (owner)
        {
            await MeasureAsync(settings, label, streamOnceAsync);
        }

        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Func<Task<int>> TurnLoop(ConversationService conversations)
    {
        var request = new ChatRequest
        {
            Messages = [new JsonObject { ["role"] = "user", ["content"] = "Bench" }],
            Model = "fake-model",
            Provider = "Fake",
        };
        var sink = new DiscardingWriter();
        return async () =>
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
        };
    }

    private static async Task MeasureAsync(HotPathSettings settings, string label, Func<Task<int>> streamOnceAsync)
    {
        var streams = settings.Streams ?? (settings.Quick ? 2_000 : 20_000);
        for (var i = 0; i < streams / 4; i++)
        {
            await streamOnceAsync();
        }

        using var sampler = settings.Types ? new AllocationSampler() : null;
        GC.Collect();
        await HandshakeAsync("warm");
        sampler?.Recording = true;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var perStream = 0;
        for (var i = 0; i < streams; i++)
        {
            perStream = await streamOnceAsync();
        }

        clock.Stop();
        await HandshakeAsync("done");
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hot path, {label} ({settings.Chunks}-chunk stream from memory, {perStream} {(settings.Route is null ? "events" : "response bytes")}, {streams} streams): {bytes / (double)streams:F0} bytes allocated a stream, {cpuUsed.TotalMilliseconds * 1000 / streams:F1} us CPU a stream, {clock.Elapsed.TotalMilliseconds * 1000 / streams:F1} us wall"));
        if (sampler is not null)
        {
            sampler.Recording = false;
            Console.WriteLine("sampled allocations by type (one sample about every 100 KB):");
            sampler.Print(streams);
        }
    }

    /// <summary>
    /// With <c>G4F_BENCH_HANDSHAKE=&lt;path&gt;</c>: creates <c>&lt;path&gt;.&lt;stage&gt;</c> and waits for
    /// <c>&lt;path&gt;.&lt;stage&gt;.ok</c>, so a script can zero callgrind's counters once warm and dump them when the
    /// measured streams are done (<c>callgrind_control -z</c>, <c>-d</c>): instructions of the measured streams alone,
    /// without start-up, JIT and the warm-up's spread.
    /// </summary>
    private static async Task HandshakeAsync(string stage)
    {
        if (Environment.GetEnvironmentVariable("G4F_BENCH_HANDSHAKE") is not { Length: > 0 } path)
        {
            return;
        }

        await File.WriteAllTextAsync($"{path}.{stage}", stage);
        while (!File.Exists($"{path}.{stage}.ok"))
        {
            await Task.Delay(50);
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
