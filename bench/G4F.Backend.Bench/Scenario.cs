using System.Diagnostics;

namespace G4F.Backend.Bench;

/// <summary>One way of fetching a streamed answer, run at a given concurrency.</summary>
internal sealed class Scenario(string name, Func<Task<double>> fetch)
{
    public string Name { get; } = name;

    /// <summary>Runs <paramref name="requests"/> fetches with <paramref name="concurrency"/> in flight; each returns its time to first content in ms.</summary>
    public async Task<RunResult> RunAsync(int concurrency, int requests)
    {
        var firstContent = new double[requests];
        var next = -1;
        GC.Collect();
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
        return RunResult.From(firstContent, clock.Elapsed);
    }
}
