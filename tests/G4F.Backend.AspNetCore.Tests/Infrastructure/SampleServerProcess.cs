using System.Diagnostics;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The sample server as a real child process (<see cref="SampleProcess"/>, in the tests' configuration) with a client to it,
/// so a test can read what a request really cost: the peak resident set it added (<see cref="MeasureAsync"/>) and the
/// resident set once it ended (<see cref="WaitForResidentAtMostAsync"/>).
/// </summary>
public sealed class SampleServerProcess : IAsyncDisposable
{
    private readonly SampleProcess _sample;

    private SampleServerProcess(SampleProcess sample)
    {
        _sample = sample;
        Client = new HttpClient { BaseAddress = new Uri(sample.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>A client whose base address is the server.</summary>
    public HttpClient Client { get; }

    /// <summary>The server's data directory (a fresh temp folder, removed on dispose).</summary>
    public string DataDirectory => _sample.DataDirectory;

    /// <summary>Whether the process is still running (a memory bomb that ended it would show here).</summary>
    public bool IsRunning => _sample.IsRunning;

    /// <summary>The server's process id.</summary>
    public int Id => _sample.Id;

    /// <summary>The resident set now, in bytes.</summary>
    public long ResidentBytes => _sample.ResidentBytes;

    /// <summary>The highest resident set since the last <see cref="ResetPeak"/> (or since start), in bytes.</summary>
    public long PeakBytes => _sample.PeakBytes;

    /// <summary>Makes <see cref="PeakBytes"/> start again from the current resident set.</summary>
    public void ResetPeak() => _sample.ResetPeak();

    /// <summary>The names of the files the process has mapped now (assemblies and native libraries among them), from <c>/proc</c>.</summary>
    public IReadOnlySet<string> MappedFileNames() =>
        File.ReadLines($"/proc/{_sample.Id}/maps").Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/')).Select(fields => Path.GetFileName(fields[5].Trim()))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Starts the sample with <paramref name="environment"/> added (configuration keys as <c>G4F__Section__Key</c>).</summary>
    public static async Task<SampleServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null) =>
        new(await SampleProcess.StartAsync(environment, "g4f-tests", TimeSpan.FromSeconds(90)));

    /// <summary>
    /// Runs <paramref name="request"/> and returns its result with the peak resident set it added above the resident set
    /// before it started.
    /// </summary>
    public async Task<(T Result, long PeakAddedBytes)> MeasureAsync<T>(Func<HttpClient, Task<T>> request)
    {
        var before = ResidentBytes;
        ResetPeak();
        var result = await request(Client);
        return (result, Math.Max(0, PeakBytes - before));
    }

    /// <summary>
    /// Waits (up to <paramref name="bound"/>) until the resident set is at most <paramref name="bytes"/>, and returns the last
    /// reading: memory a request took should be given back once it ended, without any request to prompt it.
    /// </summary>
    public async Task<long> WaitForResidentAtMostAsync(long bytes, TimeSpan bound)
    {
        var stopwatch = Stopwatch.StartNew();
        var resident = ResidentBytes;
        while (resident > bytes && stopwatch.Elapsed < bound)
        {
            await Task.Delay(250);
            resident = ResidentBytes;
        }

        return resident;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _sample.DisposeAsync();
    }
}
