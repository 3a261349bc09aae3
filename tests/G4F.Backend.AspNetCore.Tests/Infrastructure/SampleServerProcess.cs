using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The sample server as a real child process (its own GC, its own memory), so a test can read what a request really
/// cost: the peak resident set (<c>VmHWM</c>), reset before each measured request through <c>/proc/&lt;pid&gt;/clear_refs</c>,
/// and the resident set (<c>VmRSS</c>) once the request ended. Linux only, as CI is.
/// </summary>
public sealed partial class SampleServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private SampleServerProcess(Process process, string dataDirectory, HttpClient client)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Client = client;
    }

    /// <summary>A client whose base address is the server.</summary>
    public HttpClient Client { get; }

    /// <summary>The server's data directory (a fresh temp folder, removed on dispose).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Starts the sample with <paramref name="environment"/> added (configuration keys as <c>G4F__Section__Key</c>).</summary>
    public static async Task<SampleServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [SampleAssemblyPath(), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SampleAssemblyPath())!,
        };
        start.Environment["G4F__LatestVersionUrl"] = string.Empty;
        start.Environment["G4F__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        try
        {
            var address = await ReadListeningAddressAsync(process).WaitAsync(TimeSpan.FromSeconds(90));

            // The server's log must keep flowing, or a full pipe would block its writes.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) };
            return new SampleServerProcess(process, dataDirectory, client);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Whether the process is still running (a memory bomb that ended it would show here).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The resident set now, in bytes.</summary>
    public long ResidentBytes => ReadStatus("VmRSS");

    /// <summary>The highest resident set since the last <see cref="ResetPeak"/> (or since start), in bytes.</summary>
    public long PeakBytes => ReadStatus("VmHWM");

    /// <summary>Makes <see cref="PeakBytes"/> start again from the current resident set.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                // "VmHWM:	  123456 kB"
                var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field}");
    }

    private static async Task<string> ReadListeningAddressAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningOn().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("The sample exited before listening: " + await process.StandardError.ReadToEndAsync());
    }

    /// <summary>The sample's own build output (next to its runtimeconfig), same configuration as the tests.</summary>
    public static string SampleAssemblyPath()
    {
        var testOutput = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory); // .../tests/G4F.Backend.AspNetCore.Tests/bin/<Configuration>/net10.0
        var configuration = new DirectoryInfo(testOutput).Parent!.Name;
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "G4F.Backend.sln")))
        {
            root = root.Parent;
        }

        root.Should().NotBeNull("the tests run from inside the repository");
        var path = Path.Combine(root!.FullName, "samples", "G4F.Backend.Sample", "bin", configuration, "net10.0", "G4F.Backend.Sample.dll");
        File.Exists(path).Should().BeTrue($"the sample is built with the tests ({path})");
        return path;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
