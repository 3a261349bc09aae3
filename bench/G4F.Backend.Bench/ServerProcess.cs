using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace G4F.Backend.Bench;

/// <summary>
/// The sample server (its Release build) as its own process on the server core, configured by environment to route the
/// provider <c>Fake</c> to the bench upstream. Reads what a round cost it from <c>/proc</c>: CPU time (utime + stime) and the
/// peak resident set (<c>VmHWM</c>, reset through <c>clear_refs</c>), as tests/.../SampleServerProcess does.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly Process _process;
    private readonly string _dataDirectory;

    private ServerProcess(Process process, string dataDirectory, string baseUrl)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Id => _process.Id;

    /// <summary>User plus system CPU time of the server so far.</summary>
    public TimeSpan CpuTime => ReadCpu($"/proc/{_process.Id}/stat");

    /// <summary>
    /// CPU time of the runtime's tiered-compilation worker so far: while it grows, the server still runs code of a lower
    /// tier (ReadyToRun, or instrumented for PGO) than it will in steady state.
    /// </summary>
    public TimeSpan TieringCpuTime
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal))
                    {
                        total += ReadCpu(Path.Combine(task, "stat"));
                    }
                }
                catch (IOException)
                {
                    // The thread ended in between.
                }
            }

            return total;
        }
    }

    /// <summary>The highest resident set since the last <see cref="ResetPeak"/>, in bytes.</summary>
    public long PeakBytes => ReadStatus("VmHWM");

    public long ResidentBytes => ReadStatus("VmRSS");

    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    public static async Task<ServerProcess> StartAsync(string upstreamBaseUrl)
    {
        var dll = SampleDll();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-bench", Guid.NewGuid().ToString("N"));
        var start = CorePinning.OnServerCore("dotnet", [dll, "--urls", "http://127.0.0.1:0"]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["G4F__LatestVersionUrl"] = string.Empty;
        start.Environment["G4F__DataDirectory"] = dataDirectory;
        start.Environment["G4F__Providers__Pollinations__Enabled"] = "false";
        start.Environment["G4F__Providers__Ollama__Enabled"] = "false";
        start.Environment["G4F__Providers__Fake__Type"] = "OpenAICompatible";
        start.Environment["G4F__Providers__Fake__BaseUrl"] = upstreamBaseUrl;
        start.Environment["G4F__Providers__Fake__Models__0"] = "fake-model";
        start.Environment["G4F__Providers__Fake__DefaultModel"] = "fake-model";
        var process = Process.Start(start)!;
        try
        {
            var address = await ReadListeningAddressAsync(process).WaitAsync(TimeSpan.FromSeconds(60));
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            return new ServerProcess(process, dataDirectory, address);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
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

    private static TimeSpan ReadCpu(string statPath)
    {
        // "pid (comm) state ... utime stime": fields 14 and 15, counted after the ")" that ends comm.
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
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

    /// <summary>The sample's Release build, built with the bench (a project reference that only orders the build).</summary>
    private static string SampleDll()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "G4F.Backend.sln")))
        {
            root = root.Parent;
        }

        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(root?.FullName ?? ".", "samples", "G4F.Backend.Sample", "bin", configuration, "net10.0", "G4F.Backend.Sample.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the sample first (dotnet build -c Release)", path);
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

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
