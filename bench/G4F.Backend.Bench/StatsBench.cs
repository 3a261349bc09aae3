using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.Usage;
using Npgsql;
using NpgsqlTypes;

namespace G4F.Backend.Bench;

/// <summary>
/// <c>/stats</c> over 30 days of usage lines (100k lines a day, quick: 10k), as day files in a temporary data directory
/// (embedded) and as rows of the PostgreSQL store, the same lines in both:
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
        var table = new SummaryTable($"stats bench summary ({(quick ? "quick" : "full")} run)");
        await BenchEngine.ForEachAsync("stats", engine => RunAsync(engine, quick, table));
        table.Print();
    }

    private static async Task RunAsync(BenchEngine engine, bool quick, SummaryTable table)
    {
        var linesPerDay = quick ? 10_000 : 100_000;
        var runs = quick ? 3 : 5;
        var usageLog = engine.Get<IUsageLog>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var watch = Stopwatch.StartNew();
        var bytes = engine.ConnectionString is { } connectionString
            ? await CopyAsync(connectionString, usageLog, today, linesPerDay)
            : Generate((FileUsageLog)usageLog, today, linesPerDay);
        var lines = (long)Days * linesPerDay;
        Console.WriteLine();
        Console.WriteLine(Invariant($"StatsBench, {engine.Name}: {Days} days x {linesPerDay:N0} lines = {lines:N0} lines, {bytes / 1048576.0:F1} MiB, {(engine.ConnectionString is null ? "written as day files" : "loaded by binary COPY")} in {watch.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run"));

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
        table.Add(Invariant($"/stats over {lines / 1_000_000.0:0.#}M lines, median (best) ms"), engine.Name, Invariant($"{median:F0} ({times.Min():F0})"));
        table.Add("/stats allocated per run, KiB", engine.Name, Invariant($"{allocated / 1024.0:F0}"));

        var appended = await AppendAsync(usageLog, quick ? 5_000 : 50_000);
        table.Add("append, lines/s (64 writers)", engine.Name, Invariant($"{appended:N0}"));

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(Invariant($"  peak working set of the process: {self.PeakWorkingSet64 / 1048576.0:F1} MiB (server GC); managed heap now {GC.GetTotalMemory(false) / 1048576.0:F1} MiB"));
    }

    /// <summary>Writes the day files directly (appending 3M lines one by one would measure the appender, not stats).</summary>
    private static long Generate(FileUsageLog usageLog, DateOnly today, int linesPerDay)
    {
        long bytes = 0;
        StreamWriter? writer = null;
        string? path = null;
        foreach (var line in Lines(today, linesPerDay))
        {
            if (line.Index == 0)
            {
                Close();
                path = usageLog.PathOf(FileUsageLog.UsageFolder, line.Day);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
            }

            writer!.Write(line.Json);
            writer.Write('\n');
        }

        Close();
        return bytes;

        void Close()
        {
            if (writer is not null)
            {
                writer.Dispose();
                bytes += new FileInfo(path!).Length;
            }
        }
    }

    /// <summary>
    /// The same lines into the PostgreSQL store's table by binary COPY (the store's columns, counted by the statistics'
    /// rules: every generated line names its user, model and provider and has a positive total, so they are taken as they are).
    /// </summary>
    private static async Task<long> CopyAsync(string connectionString, IUsageLog usageLog, DateOnly today, int linesPerDay)
    {
        // The schema is the store's: its first use creates it.
        await usageLog.GetStatisticsAsync(1);
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        long bytes = 0;
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY g4f_usage_lines (day, user_name, model, provider, prompt_tokens, completion_tokens, saved_tokens, total_tokens, line) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var line in Lines(today, linesPerDay))
            {
                var json = Encoding.UTF8.GetBytes(line.Json);
                bytes += json.Length + 1;
                await import.StartRowAsync();
                await import.WriteAsync(line.Day, NpgsqlDbType.Date);
                await import.WriteAsync(Encoding.UTF8.GetBytes(line.User), NpgsqlDbType.Bytea);
                await import.WriteAsync(Encoding.UTF8.GetBytes(line.Model), NpgsqlDbType.Bytea);
                await import.WriteAsync(Encoding.UTF8.GetBytes(line.Provider), NpgsqlDbType.Bytea);
                await import.WriteAsync((long)line.Prompt, NpgsqlDbType.Bigint);
                await import.WriteAsync((long)line.Completion, NpgsqlDbType.Bigint);
                await import.WriteAsync(0L, NpgsqlDbType.Bigint);
                await import.WriteAsync((long)(line.Prompt + line.Completion), NpgsqlDbType.Bigint);
                await import.WriteAsync(json, NpgsqlDbType.Bytea);
            }

            await import.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE g4f_usage_lines", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return bytes;
    }

    /// <summary>The corpus, the same for every engine: {Days} days of usage lines, oldest day first.</summary>
    private static IEnumerable<(DateOnly Day, int Index, string User, string Model, string Provider, int Prompt, int Completion, string Json)> Lines(DateOnly today, int linesPerDay)
    {
        var random = new Random(42);
        for (var ago = Days - 1; ago >= 0; ago--)
        {
            for (var i = 0; i < linesPerDay; i++)
            {
                var (provider, label) = Providers[random.Next(Providers.Length)];
                var prompt = random.Next(5, 4000);
                var completion = random.Next(1, 2000);
                var user = Users[random.Next(Users.Length)];
                var model = Models[random.Next(Models.Length)];
                yield return (today.AddDays(-ago), i, user, model, provider, prompt, completion,
                    Invariant($$"""{"user":"{{user}}","model":"{{model}}","provider":"{{provider}}","label":"{{label}}","prompt_tokens":{{prompt}},"completion_tokens":{{completion}},"total_tokens":{{prompt + completion}}}"""));
            }
        }
    }

    private static async Task<double> AppendAsync(IUsageLog usageLog, int count)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
            await usageLog.AppendUsageAsync(
                new JsonObject { ["user"] = "bench", ["model"] = "gpt-4o-mini", ["provider"] = "OpenRouter", ["prompt_tokens"] = i, ["completion_tokens"] = 1, ["total_tokens"] = i + 1 },
                cancellationToken));
        Console.WriteLine(Invariant($"  append: {count:N0} lines from 64 parallel writers in {watch.Elapsed.TotalMilliseconds:F0} ms, {count / watch.Elapsed.TotalSeconds:N0} lines/s"));
        return count / watch.Elapsed.TotalSeconds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
