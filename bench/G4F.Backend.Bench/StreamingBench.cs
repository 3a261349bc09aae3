using System.Diagnostics;
using System.Globalization;

namespace G4F.Backend.Bench;

/// <summary>
/// The streaming hot path measured the way gateways are compared: the sample server (Release) as its own process pinned to
/// core 0, the fake upstream and the load client in this process on core 1, 64-chunk streams, and as the baseline the same
/// client reading the fake upstream directly, alternating with the backend's rounds in the same run. What counts are the
/// ratios against direct; the absolute numbers move with the machine.
/// </summary>
internal static class StreamingBench
{
    private const int Rounds = 5;
    private const int QuietPasses = 5;
    private const double MiB = 1024.0 * 1024.0;

    public static async Task RunAsync(bool quick)
    {
        CorePinning.PinSelf();
        await using var upstream = await BenchUpstream.StartAsync();
        await using var server = await ServerProcess.StartAsync(upstream.BaseUrl);
        await using var proxy = await ServerProcess.StartProxyAsync(upstream.BaseUrl);
        using var client = StreamClient.Create();

        Console.WriteLine($"G4F.Backend streaming bench: {BenchUpstream.Chunks}-chunk streams, {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run");
        Console.WriteLine(CorePinning.Enabled
            ? "server: samples/G4F.Backend.Sample (Release) pinned to core 0; fake upstream and load client pinned to core 1"
            : $"NOT PINNED ({CorePinning.Unavailable}): server, upstream and client share every core; ratios are not comparable to pinned runs");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server pid {server.Id}, resident set at start: {server.ResidentBytes / MiB:F1} MiB; minimal Kestrel proxy (the reference row) pid {proxy.Id}, {proxy.ResidentBytes / MiB:F1} MiB"));

        Func<Task<double>> direct = () => StreamClient.DirectAsync(client, upstream.BaseUrl);
        Func<Task<double>> conversation = () => StreamClient.ConversationAsync(client, server.BaseUrl);
        Func<Task<double>> create = () => StreamClient.CreateAsync(client, server.BaseUrl);
        Func<Task<double>> openAI = () => StreamClient.OpenAIAsync(client, server.BaseUrl);
        Func<Task<double>> relay = () => StreamClient.ProxyAsync(client, proxy.BaseUrl);
        Console.WriteLine($"warm-up: {await WarmAsync(server, [direct, conversation, create, openAI], TimeSpan.FromSeconds(quick ? 5 : 180))}");
        Console.WriteLine($"warm-up of the minimal proxy: {await WarmAsync(proxy, [direct, relay], TimeSpan.FromSeconds(quick ? 5 : 90))}");
        var rows = new List<Row>
        {
            await MeasureAsync("minimal Kestrel proxy (reference)", direct, relay, proxy, quick),
            await MeasureAsync("conversation (SSE)", direct, conversation, server, quick),
            await MeasureAsync("/create (text)", direct, create, server, quick),
            await MeasureAsync("/v1/chat/completions (SSE)", direct, openAI, server, quick),
        };

        Console.WriteLine();
        Console.WriteLine($"median of {Rounds} rounds [lowest-highest]; each backend round is compared with the direct round before it");
        Console.WriteLine("the reference row is a Kestrel app that only copies the upstream's bytes (MinimalProxy): the ceiling a relaying server reaches here");
        Console.WriteLine("| route | c64 direct req/s | c64 backend req/s | c64 ratio (>= 0.45) | c1 TTFC direct ms | c1 TTFC backend ms | added TTFC med / p95 ms (<= 0.25) | server CPU ms/stream (<= 0.15) | server peak MiB at c64 (<= 100) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row.Describe());
        }

        // Steady state has none: tier-1 work inside the measured rounds would count in their CPU and latency.
        Console.WriteLine("tiered compilation during the measured rounds: " + string.Join(", ", rows.Select(row => string.Create(
            CultureInfo.InvariantCulture, $"{row.Name} {row.C1.Concat(row.C64).Sum(r => r.Backend.ServerTieringCpu.TotalMilliseconds):F0} ms"))));
    }

    private static async Task<Row> MeasureAsync(string name, Func<Task<double>> direct, Func<Task<double>> backend, ServerProcess server, bool quick)
    {
        Console.WriteLine();
        Console.WriteLine(name);
        var c1 = await CompareAsync(direct, backend, server, concurrency: 1, requests: quick ? 40 : 400);
        var c64 = await CompareAsync(direct, backend, server, concurrency: 64, requests: quick ? 256 : 64 * 40);
        return new Row(name, c1, c64);
    }

    /// <summary>
    /// Warms both paths, then alternates <see cref="Rounds"/> measured rounds of each. Each backend round is compared
    /// with the direct round just before it, so what the machine did meanwhile weighs on both sides of a ratio.
    /// </summary>
    private static async Task<List<(RunResult Direct, RunResult Backend)>> CompareAsync(
        Func<Task<double>> direct, Func<Task<double>> backend, ServerProcess server, int concurrency, int requests)
    {
        await RunAsync(direct, concurrency, Math.Min(requests, 128), null);
        await RunAsync(backend, concurrency, Math.Min(requests, 128), null);
        var rounds = new List<(RunResult Direct, RunResult Backend)>();
        Console.WriteLine($"concurrency {concurrency}, {requests} requests per round, {Rounds} rounds");
        for (var round = 0; round < Rounds; round++)
        {
            var d = await RunAsync(direct, concurrency, requests, null);
            var b = await RunAsync(backend, concurrency, requests, server);
            rounds.Add((d, b));
            Console.WriteLine(d.Describe("direct upstream"));
            Console.WriteLine(b.Describe("through the sample"));
        }

        return rounds;
    }

    /// <summary>
    /// Loads every path at concurrency 64 for at least a sixth of <paramref name="limit"/> and until the server's tiered
    /// compilation stops (its worker used under 10 ms in each of the last five passes), at most <paramref name="limit"/>. The worker shares the server's one core with the
    /// requests, so ReadyToRun and instrumented (PGO) code run for a minute or more: measured before tier 1, the server
    /// looks several times slower than it is in steady state.
    /// </summary>
    private static async Task<string> WarmAsync(ServerProcess server, Func<Task<double>>[] paths, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var quiet = 0;
        var passes = 0;
        // The runtime delays tier-1 work while new methods keep being called, so quiet passes count only after a minimum
        // time under load.
        // Three quiet passes after 30 s were seen to end a warm-up with hundreds of ms of tier-1 work still to come in the
        // measured rounds (which the rounds' tiering line shows): five, after a third of the limit.
        var minimum = limit / 3;
        while (clock.Elapsed < limit && (quiet < QuietPasses || clock.Elapsed < minimum))
        {
            var tiering = server.TieringCpuTime;
            // Both concurrencies: at 1 a stream waits for its upstream between chunks, at 64 it mostly finds them in hand,
            // so each takes paths the other leaves cold (and uncompiled at tier 1).
            foreach (var path in paths)
            {
                await RunAsync(path, 64, 1024, null);
                await RunAsync(path, 1, 100, null);
            }

            passes++;
            quiet = server.TieringCpuTime - tiering < TimeSpan.FromMilliseconds(10) ? quiet + 1 : 0;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{passes} passes in {clock.Elapsed.TotalSeconds:F0} s, tiered compilation {(quiet < QuietPasses ? "STILL RUNNING at the limit" : "done")} ({server.TieringCpuTime.TotalSeconds:F1} s of its CPU)");
    }

    /// <summary>Runs <paramref name="requests"/> fetches with <paramref name="concurrency"/> in flight; with a server, notes its CPU and peak memory.</summary>
    private static async Task<RunResult> RunAsync(Func<Task<double>> fetch, int concurrency, int requests, ServerProcess? server)
    {
        var firstContent = new double[requests];
        var next = -1;
        GC.Collect();
        var cpuBefore = server?.CpuTime ?? TimeSpan.Zero;
        var tieringBefore = server?.TieringCpuTime ?? TimeSpan.Zero;
        var residentBefore = server?.ResidentBytes ?? 0;
        server?.ResetPeak();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                firstContent[i] = await fetch();
            }
        });
        await Task.WhenAll(workers);
        clock.Stop();
        var result = RunResult.From(firstContent, clock.Elapsed);
        return server is null ? result : result with { ServerCpu = server.CpuTime - cpuBefore, ServerTieringCpu = server.TieringCpuTime - tieringBefore, ServerPeakBytes = server.PeakBytes, ServerResidentBeforeBytes = residentBefore };
    }

    /// <summary>A route's rounds; each column is the median of the rounds with their range, [lowest-highest].</summary>
    private sealed record Row(string Name, List<(RunResult Direct, RunResult Backend)> C1, List<(RunResult Direct, RunResult Backend)> C64)
    {
        public string Describe() =>
            $"| {Name} | {Spread(C64, r => r.Direct.RequestsPerSecond, "F0")} | {Spread(C64, r => r.Backend.RequestsPerSecond, "F0")} "
            + $"| {Spread(C64, r => r.Backend.RequestsPerSecond / r.Direct.RequestsPerSecond, "F2")} "
            + $"| {Spread(C1, r => r.Direct.FirstContentMedianMs, "F3")} | {Spread(C1, r => r.Backend.FirstContentMedianMs, "F3")} "
            + $"| {Spread(C1, r => r.Backend.FirstContentMedianMs - r.Direct.FirstContentMedianMs, "F3")} / {Spread(C1, r => r.Backend.FirstContentP95Ms - r.Direct.FirstContentP95Ms, "F3")} "
            + $"| {Spread(C64, r => r.Backend.CpuMsPerStream, "F3")} | {Spread(C64, r => r.Backend.ServerPeakBytes / MiB, "F1")} |";

        private static string Spread(List<(RunResult Direct, RunResult Backend)> rounds, Func<(RunResult Direct, RunResult Backend), double> measure, string format)
        {
            var values = rounds.Select(measure).Order().ToArray();
            var median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
            return string.Create(CultureInfo.InvariantCulture, $"{median.ToString(format, CultureInfo.InvariantCulture)} [{values[0].ToString(format, CultureInfo.InvariantCulture)}-{values[^1].ToString(format, CultureInfo.InvariantCulture)}]");
        }
    }
}
