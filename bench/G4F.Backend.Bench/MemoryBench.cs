using System.Diagnostics;
using System.Globalization;
using G4F.Backend.Memory;
using Npgsql;

namespace G4F.Backend.Bench;

/// <summary>
/// The memory store at scale, embedded (SQLite) and PostgreSQL, on the same corpus: insert throughput through <see cref="IMemoryStore.AddConversationAsync"/>,
/// then list and search latency for one user at 10k and 100k items among 1M items of 1,000 users
/// (quick: 10 times fewer items).
/// </summary>
internal static class MemoryBench
{
    private const int ItemsPerConversation = 50;
    private const int Writers = 4;
    private const int TailShown = 4;
    private const int TailRepeats = 9;
    private const string User = "bench-user";

    public static async Task RunAsync(bool quick)
    {
        var table = new SummaryTable($"memory bench summary ({(quick ? "quick" : "full")} run; p50 / p99 in ms)");
        await BenchEngine.ForEachAsync("memory", engine => RunAsync(engine, quick, table));
        table.Print();
    }

    private static async Task RunAsync(BenchEngine engine, bool quick, SummaryTable table)
    {
        var scale = quick ? 10 : 1;
        var total = 1_000_000 / scale;
        int[] checkpoints = [10_000 / scale, 100_000 / scale];
        var others = 999;
        // The same seed for every engine: the same corpus, the same queries.
        var corpus = new MemoryCorpus(seed: 42);
        Console.WriteLine();
        Console.WriteLine($"G4F.Backend memory bench, {engine.Name}: {total:N0} items of {others + 1:N0} users, {ItemsPerConversation} items per conversation, {Writers} concurrent writers, {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run");
        var store = engine.Get<IMemoryStore>();

        // Everyone else first, so the measured user's searches run against an index of the whole corpus.
        var background = total - checkpoints[^1];
        var conversations = Enumerable.Range(0, background / ItemsPerConversation)
            .Select(c => ($"user-{c % others}", $"conversation-{c}"));
        var rate = await InsertAsync(store, corpus, conversations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"insert: {background:N0} items of {others} users at {rate:N0} items/s"));
        table.Add("insert, items/s (4 writers, 50 a post)", engine.Name, rate.ToString("N0", CultureInfo.InvariantCulture));

        var inserted = 0;
        foreach (var target in checkpoints)
        {
            var mine = Enumerable.Range(inserted / ItemsPerConversation, (target - inserted) / ItemsPerConversation)
                .Select(c => (User, $"mine-{c}"));
            rate = await InsertAsync(store, corpus, mine);
            inserted = target;
            if (engine.ConnectionString is { } connectionString)
            {
                // What autovacuum does after a bulk insert (its insert threshold), here at once rather than some time later:
                // fresh statistics, and the visibility map the index-only page scans of the list rely on.
                await ExecuteAsync(connectionString, "VACUUM ANALYZE g4f_memories");
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{User} with {target:N0} items ({background + target:N0} in the store; inserted at {rate:N0} items/s)"));
            await MeasureAsync(store, corpus, quick ? 100 : 300, (name, sorted) =>
                table.Add(string.Create(CultureInfo.InvariantCulture, $"{name} @ {target / 1000}k"), engine.Name,
                    string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 0.50):F2} / {Percentile(sorted, 0.99):F2}")));
        }

        Console.WriteLine();
        var size = engine.ConnectionString is { } database ? await DatabaseSizeAsync(database) : DirectorySize(engine.DataDirectory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database: {size / 1024.0 / 1024.0:F0} MiB on disk"));
        table.Add("size on disk, MiB", engine.Name, (size / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture));
    }

    /// <summary>Posts the conversations with <see cref="Writers"/> tasks; returns items per second.</summary>
    private static async Task<double> InsertAsync(IMemoryStore store, MemoryCorpus corpus, IEnumerable<(string User, string Conversation)> conversations)
    {
        // Text is generated up front so the figure is the store's, not the generator's.
        var work = conversations
            .Select(c => (c.User, c.Conversation, Messages: (IReadOnlyList<MemoryMessage>)[.. Enumerable.Range(0, ItemsPerConversation)
                .Select(i => new MemoryMessage(i % 2 == 0 ? "user" : "assistant", corpus.Sentence()))]))
            .ToArray();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Length)
            {
                await store.AddConversationAsync(work[i].User, work[i].Conversation, work[i].Messages);
            }
        })));
        return work.Length * ItemsPerConversation / clock.Elapsed.TotalSeconds;
    }

    private static async Task MeasureAsync(IMemoryStore store, MemoryCorpus corpus, int rounds, Action<string, double[]> report)
    {
        var sample = await (await store.ListAsync(User, null, 1, 1000)).Items.ToListAsync();
        var queries = new (string Name, Func<string> Next)[]
        {
            ("one word", corpus.SearchWord),
            ("three words", () => $"{corpus.SearchWord()} {corpus.SearchWord()} {corpus.SearchWord()}"),
            ("prefix (3 letters)", () => corpus.SearchWord()[..3] + "*"),
            ("phrase", () => Phrase(sample[corpus.Random.Next(sample.Count)].Content, corpus.Random)),
            ("frequent word", () => corpus.Words[corpus.Random.Next(0, 10)]),
        };
        foreach (var (name, next) in queries)
        {
            var texts = Enumerable.Range(0, rounds).Select(_ => next()).ToArray();
            Func<string, Task<int>> search = async text => await (await store.SearchAsync(User, text, null, 100)).CountAsync();
            var (latencies, results, timed) = await TimeAsync(texts, search);
            Console.WriteLine(Describe($"search, {name}", latencies, $"{results:F0} results on average, 100 at most"));
            await DescribeTailAsync(timed, search);
            report($"search, {name}", latencies);
        }

        var last = (await store.ListAsync(User, null, 1, 100)).TotalCount / 100;
        var pages = Enumerable.Range(0, rounds).Select(_ => corpus.Random.Next(1, last + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
        var (listed, _, _) = await TimeAsync(pages, async page => await (await store.ListAsync(User, null, int.Parse(page, CultureInfo.InvariantCulture), 100)).Items.CountAsync());
        Console.WriteLine(Describe("list, random page of 100", listed, "with the total count"));
        report("list, page of 100", listed);
    }

    /// <summary>Calls once per input after one warm-up call; returns the sorted latencies, the average count and each input's latency.</summary>
    private static async Task<(double[] Latencies, double AverageCount, (string Input, double Ms)[] Timed)> TimeAsync(string[] inputs, Func<string, Task<int>> call)
    {
        await call(inputs[0]);
        var timed = new (string Input, double Ms)[inputs.Length];
        var counted = 0L;
        for (var i = 0; i < inputs.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            counted += await call(inputs[i]);
            timed[i] = (inputs[i], clock.Elapsed.TotalMilliseconds);
        }

        var latencies = timed.Select(t => t.Ms).ToArray();
        Array.Sort(latencies);
        return (latencies, counted / (double)inputs.Length, timed);
    }

    /// <summary>
    /// What the tail is made of: the slowest inputs, each timed again <see cref="TailRepeats"/> times. A query that is slow
    /// every time is the query's cost (its route or plan); one that is fast when repeated was a stall of the machine.
    /// </summary>
    private static async Task DescribeTailAsync((string Input, double Ms)[] timed, Func<string, Task<int>> call)
    {
        foreach (var (input, ms) in timed.OrderByDescending(t => t.Ms).Take(TailShown))
        {
            var again = new double[TailRepeats];
            var count = 0;
            for (var i = 0; i < again.Length; i++)
            {
                var clock = Stopwatch.StartNew();
                count = await call(input);
                again[i] = clock.Elapsed.TotalMilliseconds;
            }

            Array.Sort(again);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    tail {ms,8:F2} ms  {input,-32} again: min {again[0]:F2} median {again[again.Length / 2]:F2} max {again[^1]:F2} ms ({count} results)"));
        }
    }

    private static string Phrase(string content, Random random)
    {
        var words = content.Split(' ');
        var start = random.Next(0, words.Length - 1);
        return $"\"{words[start]} {words[start + 1]}\"";
    }

    private static string Describe(string name, double[] sorted, string note) => string.Create(CultureInfo.InvariantCulture,
        $"  {name,-28} p50 {Percentile(sorted, 0.50),8:F2} ms   p99 {Percentile(sorted, 0.99),8:F2} ms   ({note})");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> DatabaseSizeAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("SELECT pg_database_size(current_database())");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static long DirectorySize(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
