using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.Storage;
using G4F.Backend.Usage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Bench;

/// <summary>
/// <c>/stats</c> over 30 days of usage files (100k lines a day, quick: 10k) in a temporary data directory:
/// aggregation time (median of a few runs), lines/s, allocation per run and peak working set; then the
/// throughput of parallel appends.
/// </summary>
internal static class StatsBench
{
    private const int Days = 30;
    private static readonly string[] Users = [.. Enumerable.Range(0, 50).Select(i => $"user-{i}"), "unknown"];
    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4o", "o3-mini", "llama3.2:latest", "mistral", "openai", "openai-fast", "deepseek-r1", "qwen2.5-coder", "claude-3.5-sonnet"];
    private static readonly (string Name, string Label)[] Providers = [("OpenRouter", "Open Router"), ("Ollama", "Ollama (local)"), ("Pollinations", "Pollinations AI"), ("OpenAI", "OpenAI"), ("Azure", "Azure")];

    public static async Task RunAsync(bool quick)
    {
        var linesPerDay = quick ? 10_000 : 100_000;
        var runs = quick ? 3 : 5;
        var directory = Path.Combine(Path.GetTempPath(), "g4f-bench-stats", Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options.Create(new G4FBackendOptions { DataDirectory = directory });
            var usageLog = new FileUsageLog(DataPaths.Of(options.Value.DataDirectory), TimeProvider.System, Options.Create(options.Value.Usage), new InProcessStorageLock());
            var today = DateOnly.FromDateTime(DateTime.UtcNow);

            var watch = Stopwatch.StartNew();
            var bytes = Generate(usageLog, today, linesPerDay);
            var lines = (long)Days * linesPerDay;
            Console.WriteLine(Invariant($"StatsBench: {Days} days x {linesPerDay:N0} lines = {lines:N0} lines, {bytes / 1048576.0:F1} MiB, generated in {watch.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run"));

            await usageLog.GetStatisticsAsync(Days); // warm-up: JIT and the page cache
            var times = new List<double>();
            long allocated = 0;
            UsageStatistics statistics = null!;
            for (var run = 0; run < runs; run++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                watch.Restart();
                statistics = await usageLog.GetStatisticsAsync(Days);
                times.Add(watch.Elapsed.TotalMilliseconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            var median = times.Order().ElementAt(times.Count / 2);
            Console.WriteLine(Invariant($"  aggregate {Days} days: median {median:F0} ms, best {times.Min():F0} ms of {runs} runs ({string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms)"));
            Console.WriteLine(Invariant($"  {lines / (median / 1000):N0} lines/s, {bytes / 1048576.0 / (median / 1000):F0} MiB/s; allocated {allocated / 1024.0:F0} KiB per run"));
            Console.WriteLine(Invariant($"  counted {statistics.Totals.Requests:N0} requests, {statistics.Days.Count} days, {statistics.Models.Count} models, {statistics.Providers.Count} providers, {statistics.Users.Count} users"));

            await AppendAsync(usageLog, quick ? 5_000 : 50_000);

            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(Invariant($"  peak working set of the process: {self.PeakWorkingSet64 / 1048576.0:F1} MiB (server GC); managed heap now {GC.GetTotalMemory(false) / 1048576.0:F1} MiB"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Writes the day files directly (appending 3M lines one by one would measure the appender, not stats).</summary>
    private static long Generate(FileUsageLog usageLog, DateOnly today, int linesPerDay)
    {
        var random = new Random(42);
        long bytes = 0;
        for (var ago = Days - 1; ago >= 0; ago--)
        {
            var path = usageLog.PathOf(FileUsageLog.UsageFolder, today.AddDays(-ago));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16))
            {
                for (var i = 0; i < linesPerDay; i++)
                {
                    var (provider, label) = Providers[random.Next(Providers.Length)];
                    var prompt = random.Next(5, 4000);
                    var completion = random.Next(1, 2000);
                    writer.Write(Invariant($$"""{"user":"{{Users[random.Next(Users.Length)]}}","model":"{{Models[random.Next(Models.Length)]}}","provider":"{{provider}}","label":"{{label}}","prompt_tokens":{{prompt}},"completion_tokens":{{completion}},"total_tokens":{{prompt + completion}}}"""));
                    writer.Write('\n');
                }
            }

            bytes += new FileInfo(path).Length;
        }

        return bytes;
    }

    private static async Task AppendAsync(FileUsageLog usageLog, int count)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
            await usageLog.AppendUsageAsync(
                new JsonObject { ["user"] = "bench", ["model"] = "gpt-4o-mini", ["provider"] = "OpenRouter", ["prompt_tokens"] = i, ["completion_tokens"] = 1, ["total_tokens"] = i + 1 },
                cancellationToken));
        Console.WriteLine(Invariant($"  append: {count:N0} lines from 64 parallel writers in {watch.Elapsed.TotalMilliseconds:F0} ms, {count / watch.Elapsed.TotalSeconds:N0} lines/s"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
