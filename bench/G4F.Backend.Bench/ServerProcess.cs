using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using G4F.Backend.Testing;

namespace G4F.Backend.Bench;

/// <summary>
/// The sample server (<see cref="SampleProcess"/>, the Release build the bench is built with) on the server core, configured
/// by environment to route the provider <c>Fake</c> to the bench upstream. Adds to the peak resident set that
/// <see cref="SampleProcess"/> reads what else a round cost it: CPU time (utime + stime), and that of tiered compilation.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly SampleProcess _sample;
    private readonly Dictionary<string, TimeSpan> _tieringByThread = [];

    private ServerProcess(SampleProcess sample) => _sample = sample;

    public string BaseUrl => _sample.BaseUrl;

    public int Id => _sample.Id;

    /// <summary>User plus system CPU time of the server so far.</summary>
    public TimeSpan CpuTime => ReadCpu($"/proc/{Id}/stat");

    /// <summary>
    /// CPU time of the runtime's tiered-compilation workers so far: while it grows, the server still runs code of a lower
    /// tier (ReadyToRun, or instrumented for PGO) than it will in steady state. A worker thread ends when idle for a while
    /// and a later one takes over, so each thread's last reading is kept: the sum never goes back.
    /// </summary>
    public TimeSpan TieringCpuTime
    {
        get
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{Id}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal))
                    {
                        _tieringByThread[Path.GetFileName(task)] = ReadCpu(Path.Combine(task, "stat"));
                    }
                }
                catch (IOException)
                {
                    // The thread ended in between; its last reading stays.
                }
            }

            return _tieringByThread.Values.Aggregate(TimeSpan.Zero, (total, cpu) => total + cpu);
        }
    }

    /// <summary>The highest resident set since the last <see cref="ResetPeak"/>, in bytes.</summary>
    public long PeakBytes => _sample.PeakBytes;

    public long ResidentBytes => _sample.ResidentBytes;

    public void ResetPeak() => _sample.ResetPeak();

    public static async Task<ServerProcess> StartAsync(string upstreamBaseUrl) =>
        new(await SampleProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["G4F__Providers__Pollinations__Enabled"] = "false",
                ["G4F__Providers__Ollama__Enabled"] = "false",
                ["G4F__Providers__Fake__Type"] = "OpenAICompatible",
                ["G4F__Providers__Fake__BaseUrl"] = upstreamBaseUrl,
                ["G4F__Providers__Fake__Models__0"] = "fake-model",
                ["G4F__Providers__Fake__DefaultModel"] = "fake-model",
            },
            "g4f-bench",
            TimeSpan.FromSeconds(60),
            CorePinning.OnServerCore));

    /// <summary>
    /// The bench's own <see cref="MinimalProxy"/> to <paramref name="upstreamBaseUrl"/>, on the server core, with the
    /// sample's garbage collector (workstation, concurrent, and the sample's gen0 budget and region size) so the memory
    /// columns compare like with like.
    /// </summary>
    public static async Task<ServerProcess> StartProxyAsync(string upstreamBaseUrl)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (key, value) in SampleCollectorSettings())
        {
            environment[key] = value;
        }

        return new(await SampleProcess.StartAsync(
            environment,
            "g4f-bench-proxy",
            TimeSpan.FromSeconds(60),
            (file, arguments) => CorePinning.OnServerCore(file, [typeof(MinimalProxy).Assembly.Location, "proxy", "--upstream", upstreamBaseUrl, .. arguments.Skip(1)])));
    }

    /// <summary>
    /// The collector sizes the sample's build carries in its runtimeconfig.json (<c>System.GC.Gen0MaxBudget</c>,
    /// <c>System.GC.RegionSize</c>) as the environment variables that set them for another process.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> SampleCollectorSettings()
    {
        var runtimeConfig = Path.ChangeExtension(SampleProcess.AssemblyPath(), ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        if (!document.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
        {
            yield break;
        }

        foreach (var (property, variable) in new[] { ("System.GC.Gen0MaxBudget", "DOTNET_GCGen0MaxBudget"), ("System.GC.RegionSize", "DOTNET_GCRegionSize") })
        {
            if (properties.TryGetProperty(property, out var size))
            {
                var bytes = size.ValueKind == JsonValueKind.Number ? size.GetInt64() : long.Parse(size.GetString()!, CultureInfo.InvariantCulture);

                // The runtime reads DOTNET_ numbers as hexadecimal.
                yield return new(variable, bytes.ToString("x", CultureInfo.InvariantCulture));
            }
        }
    }

    public ValueTask DisposeAsync() => _sample.DisposeAsync();

    private static TimeSpan ReadCpu(string statPath)
    {
        // "pid (comm) state ... utime stime": fields 14 and 15, counted after the ")" that ends comm.
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit();
            return double.Parse(text.Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FormatException)
        {
            return 100;
        }
    }
}
