using System.Diagnostics;
using System.Globalization;
using G4F.Backend.Testing;

namespace G4F.Backend.Bench;

/// <summary>
/// Direct upstream vs. the same upstream through MapG4FBackend, in one process run, so the ratios
/// compare like with like on a noisy 2-core machine.
/// </summary>
internal static class StreamingBench
{
    private const int Chunks = 64;

    public static async Task RunAsync(bool quick)
    {

        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = FakeReply.Text([.. Enumerable.Range(0, Chunks).Select(i => $"tok{i} ")]);
        await using var backend = await BackendHost.StartAsync(upstream.OpenAIBaseUrl);
        using var client = StreamClient.Create();

        var direct = new Scenario("direct upstream", () => StreamClient.DirectAsync(client, upstream.OpenAIBaseUrl));
        var proxied = new Scenario("through MapG4FBackend", () => StreamClient.BackendAsync(client, backend.BaseUrl));

        Console.WriteLine($"G4F.Backend bench: {Chunks} upstream chunks per answer, {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run");
        foreach (var concurrency in new[] { 1, 64 })
        {
            var requests = quick ? Math.Max(concurrency * 4, 40) : (concurrency == 1 ? 400 : concurrency * 40);
            // Warm both paths (JIT, connection pools), then alternate the measured rounds.
            await direct.RunAsync(concurrency, Math.Min(requests, 64));
            await proxied.RunAsync(concurrency, Math.Min(requests, 64));
            var results = new List<(Scenario Scenario, RunResult Result)>();
            for (var round = 0; round < 3; round++)
            {
                results.Add((direct, await direct.RunAsync(concurrency, requests)));
                results.Add((proxied, await proxied.RunAsync(concurrency, requests)));
            }

            var d = RunResult.Best(results.Where(r => r.Scenario == direct).Select(r => r.Result));
            var p = RunResult.Best(results.Where(r => r.Scenario == proxied).Select(r => r.Result));
            Console.WriteLine();
            Console.WriteLine($"concurrency {concurrency}, {requests} requests per round, best of 3 rounds");
            Console.WriteLine(d.Describe(direct.Name));
            Console.WriteLine(p.Describe(proxied.Name));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio: throughput {p.RequestsPerSecond / d.RequestsPerSecond:P0} of direct; added time to first content: median {p.FirstContentMedianMs - d.FirstContentMedianMs:F3} ms, p95 {p.FirstContentP95Ms - d.FirstContentP95Ms:F3} ms"));
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set of the whole process (client + backend + fake upstream): {self.PeakWorkingSet64 / 1024.0 / 1024.0:F1} MiB; managed heap now {GC.GetTotalMemory(false) / 1024.0 / 1024.0:F1} MiB"));
    }
}
