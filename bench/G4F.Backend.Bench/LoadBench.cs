using System.Diagnostics;
using System.Globalization;

namespace G4F.Backend.Bench;

/// <summary>
/// <c>load --endpoint=conversation|create|openai|proxy [--concurrency=N] [--seconds=N]</c>: the streaming bench's setup (the
/// server pinned to core 0, the fake upstream and the client on core 1) running one route at one concurrency for a fixed
/// time, so a profiler can be attached to the server's pid (printed at the start; <c>G4F_BENCH_HANDSHAKE=&lt;path&gt;</c>
/// creates <c>&lt;path&gt;.warm</c> once the server is warm and <c>&lt;path&gt;.done</c> at the end). It measures nothing
/// itself beyond the rate, the server's CPU a stream and its peak resident set (reset once warm): the comparisons are the streaming bench's.
/// </summary>
internal static class LoadBench
{
    public static async Task RunAsync(string[] args)
    {
        var route = Option(args, "--endpoint=") ?? "conversation";
        var concurrency = int.Parse(Option(args, "--concurrency=") ?? "64", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Option(args, "--seconds=") ?? "30", CultureInfo.InvariantCulture);
        CorePinning.PinSelf();
        await using var upstream = await BenchUpstream.StartAsync();
        await using var server = route == "proxy"
            ? await ServerProcess.StartProxyAsync(upstream.BaseUrl)
            : await ServerProcess.StartAsync(upstream.BaseUrl);
        using var client = StreamClient.Create();
        Func<Task<double>> fetch = route switch
        {
            "proxy" => () => StreamClient.ProxyAsync(client, server.BaseUrl),
            "create" => () => StreamClient.CreateAsync(client, server.BaseUrl),
            "openai" => () => StreamClient.OpenAIAsync(client, server.BaseUrl),
            _ => () => StreamClient.ConversationAsync(client, server.BaseUrl),
        };
        Console.WriteLine($"load: {route} at concurrency {concurrency}, server pid {server.Id}");

        // Warm until tiered compilation has been quiet for five passes (at least 60 s), as the streaming bench does.
        var warm = Stopwatch.StartNew();
        var quiet = 0;
        while (warm.Elapsed < TimeSpan.FromSeconds(120) && (quiet < 5 || warm.Elapsed < TimeSpan.FromSeconds(60)))
        {
            var tiering = server.TieringCpuTime;
            await LoadAsync(fetch, concurrency, TimeSpan.FromSeconds(1));
            quiet = server.TieringCpuTime - tiering < TimeSpan.FromMilliseconds(10) ? quiet + 1 : 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm after {warm.Elapsed.TotalSeconds:F0} s"));
        Signal(".warm");
        server.ResetPeak();
        var cpu = server.CpuTime;
        var streams = await LoadAsync(fetch, concurrency, TimeSpan.FromSeconds(seconds));
        var used = server.CpuTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{streams} streams in {seconds} s ({streams / (double)seconds:F0}/s), server CPU {used.TotalMilliseconds / streams:F3} ms a stream, peak {server.PeakBytes / 1048576.0:F1} MiB"));
        Signal(".done");
    }

    private static async Task<long> LoadAsync(Func<Task<double>> fetch, int concurrency, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long streams = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await fetch();
                Interlocked.Increment(ref streams);
            }
        }));
        return streams;
    }

    private static void Signal(string stage)
    {
        if (Environment.GetEnvironmentVariable("G4F_BENCH_HANDSHAKE") is { Length: > 0 } path)
        {
            File.WriteAllText(path + stage, string.Empty);
        }
    }

    private static string? Option(string[] args, string prefix) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } value ? value[prefix.Length..] : null;
}
