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
    private const double MiB = 1024.0 * 1024.0;

    public static async Task RunAsync(bool quick)
    {
        CorePinning.PinSelf();
        await using var upstream = await BenchUpstream.StartAsync();
        await using var server = await ServerProcess.StartAsync(upstream.BaseUrl);
        using var client = StreamClient.Create();

        Console.WriteLine($"G4F.Backend streaming bench: {BenchUpstream.Chunks}-chunk streams, {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run");
        Console.WriteLine(CorePinning.Enabled
            ? "server: samples/G4F.Backend.Sample (Release) pinned to core 0; fake upstream and load client pinned to core 1"
            : $"NOT PINNED ({CorePinning.Unavailable}): server, upstream and client share every core; ratios are not comparable to pinned runs");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server pid {server.Id}, resident set at start: {server.ResidentBytes / MiB:F1} MiB"));

        Func<Task<double>> direct = () => StreamClient.DirectAsync(client, upstream.BaseUrl);
        Func<Task<double>> conversation = () => StreamClient.ConversationAsync(client, server.BaseUrl);
        Func<Task<double>> create = () => StreamClient.CreateAsync(client, server.BaseUrl);
        Console.WriteLine($"warm-up: {await WarmAsync(server, [direct, conversation, create], TimeSpan.FromSeconds(quick ? 5 : 180))}");
        var rows = new List<Row>
        {
            await MeasureAsync("conversation (SSE)", direct, conversation, server, quick),
            await MeasureAsync("/create (text)", direct, create, server, quick),
        };

        Console.WriteLine();
        Console.WriteLine("| route | c64 direct req/s | c64 backend req/s | c64 ratio (>= 0.45) | c1 TTFC direct med / p95 ms | c1 TTFC backend med / p95 ms | added TTFC med / p95 ms (<= 0.25) | server CPU ms/stream (<= 0.15) | server peak MiB at c64 (<= 100) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row.Describe());
        }
    }

    private static async Task<Row> MeasureAsync(string name, Func<Task<double>> direct, Func<Task<double>> backend, ServerProcess server, bool quick)
    {
        Console.WriteLine();
        Console.WriteLine(name);
        RunResult directC1, backendC1, directC64, backendC64;
        List<RunResult> backendRounds;
        (directC1, backendC1, _) = await CompareAsync(direct, backend, server, concurrency: 1, requests: quick ? 40 : 400);
        (directC64, backendC64, backendRounds) = await CompareAsync(direct, backend, server, concurrency: 64, requests: quick ? 256 : 64 * 40);
        // CPU time of the best round (the least disturbed by other processes on the server's core); memory of the worst.
        var cpu = backendC64.CpuMsPerStream;
        var peak = backendRounds.Max(r => r.ServerPeakBytes);
        return new Row(name, directC1, backendC1, directC64, backendC64, cpu, peak);
    }

    /// <summary>Warms both paths, then alternates <see cref="Rounds"/> measured rounds of each; the best round of each counts.</summary>
    private static async Task<(RunResult Direct, RunResult Backend, List<RunResult> BackendRounds)> CompareAsync(
        Func<Task<double>> direct, Func<Task<double>> backend, ServerProcess server, int concurrency, int requests)
    {
        await RunAsync(direct, concurrency, Math.Min(requests, 128), null);
        await RunAsync(backend, concurrency, Math.Min(requests, 128), null);
        var directRounds = new List<RunResult>();
        var backendRounds = new List<RunResult>();
        for (var round = 0; round < Rounds; round++)
        {
            directRounds.Add(await RunAsync(direct, concurrency, requests, null));
            backendRounds.Add(await RunAsync(backend, concurrency, requests, server));
        }

        var d = RunResult.Best(directRounds);
        var b = RunResult.Best(backendRounds);
        Console.WriteLine($"concurrency {concurrency}, {requests} requests per round, best of {Rounds} rounds");
        Console.WriteLine(d.Describe("direct upstream"));
        Console.WriteLine(b.Describe("through the sample"));
        return (d, b, backendRounds);
    }

    /// <summary>
    /// Loads every path at concurrency 64 for at least a sixth of <paramref name="limit"/> and until the server's tiered
    /// compilation stops (its worker used under 10 ms in each of the last three passes), at most <paramref name="limit"/>. The worker shares the server's one core with the
    /// requests, so ReadyToRun and instrumented (PGO) code run for a minute or more: measured before tier 1, the server
    /// looks several times slower than it is in steady state.
    /// </summary>
    private static async Task<string> WarmAsync(ServerProcess server, Func<Task<double>>[] paths, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var quiet = 0;
        var passes = 0;
        // The worker thread ends when idle for a while (and its CPU time with it), so quiet passes count only after a
        // minimum time under load.
        var minimum = limit / 6;
        while (clock.Elapsed < limit && (quiet < 3 || clock.Elapsed < minimum))
        {
            var tiering = server.TieringCpuTime;
            foreach (var path in paths)
            {
                await RunAsync(path, 64, 1024, null);
            }

            passes++;
            quiet = server.TieringCpuTime - tiering < TimeSpan.FromMilliseconds(10) ? quiet + 1 : 0;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{passes} passes in {clock.Elapsed.TotalSeconds:F0} s, tiered compilation {(quiet < 3 ? "STILL RUNNING at the limit" : "done")} ({server.TieringCpuTime.TotalSeconds:F1} s of its CPU)");
    }

    /// <summary>Runs <paramref name="requests"/> fetches with <paramref name="concurrency"/> in flight; with a server, notes its CPU and peak memory.</summary>
    private static async Task<RunResult> RunAsync(Func<Task<double>> fetch, int concurrency, int requests, ServerProcess? server)
    {
        var firstContent = new double[requests];
        var next = -1;
        GC.Collect();
        var cpuBefore = server?.CpuTime ?? TimeSpan.Zero;
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
        return server is null ? result : result with { ServerCpu = server.CpuTime - cpuBefore, ServerPeakBytes = server.PeakBytes, ServerResidentBeforeBytes = residentBefore };
    }

    private sealed record Row(string Name, RunResult DirectC1, RunResult BackendC1, RunResult DirectC64, RunResult BackendC64, double CpuMsPerStream, long PeakBytes)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {DirectC64.RequestsPerSecond:F0} | {BackendC64.RequestsPerSecond:F0} | {BackendC64.RequestsPerSecond / DirectC64.RequestsPerSecond:F2}x "
            + $"| {DirectC1.FirstContentMedianMs:F3} / {DirectC1.FirstContentP95Ms:F3} | {BackendC1.FirstContentMedianMs:F3} / {BackendC1.FirstContentP95Ms:F3} "
            + $"| {BackendC1.FirstContentMedianMs - DirectC1.FirstContentMedianMs:F3} / {BackendC1.FirstContentP95Ms - DirectC1.FirstContentP95Ms:F3} "
            + $"| {CpuMsPerStream:F3} | {PeakBytes / MiB:F1} |");
    }
}
