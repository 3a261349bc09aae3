using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace G4F.Backend.Testing;

/// <summary>
/// The sample server (samples/G4F.Backend.Sample) as a real child process: its own GC and its own memory, so what a request
/// costs it can be read from <c>/proc</c> (the resident set <c>VmRSS</c>, the peak <c>VmHWM</c> reset through
/// <c>clear_refs</c>). Shared by the AspNetCore tests and the bench, which add their own readings on top. Linux only, as CI is.
/// </summary>
public sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SampleProcess(Process process, string dataDirectory, string baseUrl)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseUrl = baseUrl;
    }

    /// <summary>The address the server listens on, as it logged it (<c>http://127.0.0.1:port</c>).</summary>
    public string BaseUrl { get; }

    /// <summary>The server's process id (also that of the command that started it: <c>taskset</c> execs what it pins).</summary>
    public int Id => _process.Id;

    /// <summary>The server's data directory (a fresh temp folder, removed on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the process is still running (a memory bomb that ended it would show here).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The resident set now, in bytes.</summary>
    public long ResidentBytes => ReadStatus("VmRSS");

    /// <summary>The highest resident set since the last <see cref="ResetPeak"/> (or since start), in bytes.</summary>
    public long PeakBytes => ReadStatus("VmHWM");

    /// <summary>Makes <see cref="PeakBytes"/> start again from the current resident set.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    /// <summary>
    /// Starts the sample's build of the caller's configuration (see <see cref="AssemblyPath"/>) on a free loopback port and
    /// waits until it listens.
    /// </summary>
    /// <param name="environment">
    /// Added to the process's environment (configuration keys as <c>G4F__Section__Key</c>) after the defaults, so it may
    /// override them: no update check (<c>G4F__LatestVersionUrl</c> empty) and a fresh data directory.
    /// </param>
    /// <param name="dataFolder">The temp sub-folder the data directory goes in, so a leftover says who left it.</param>
    /// <param name="startTimeout">How long the server may take until it logs the address it listens on.</param>
    /// <param name="command">
    /// Makes the start command from a file and its arguments (the bench pins the server to a core with it); by default the
    /// command itself.
    /// </param>
    public static async Task<SampleProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment,
        string dataFolder,
        TimeSpan startTimeout,
        Func<string, IEnumerable<string>, ProcessStartInfo>? command = null)
    {
        var dll = AssemblyPath();
        var dataDirectory = Path.Combine(Path.GetTempPath(), dataFolder, Guid.NewGuid().ToString("N"));
        var start = (command ?? ((file, arguments) => new ProcessStartInfo(file, arguments)))("dotnet", [dll, "--urls", "http://127.0.0.1:0"]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["G4F__LatestVersionUrl"] = string.Empty;
        start.Environment["G4F__DataDirectory"] = dataDirectory;
        // The sample exports over OTLP when an endpoint is configured: a test sample never does (nothing leaves 127.0.0.1).
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        // The test host's heap limit (test.runsettings) is the test process's own: the sample's memory is measured as shipped.
        start.Environment.Remove("DOTNET_GCHeapHardLimit");

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        try
        {
            var address = await ReadListeningAddressAsync(process).WaitAsync(startTimeout);

            // The server's log must keep flowing, or a full pipe would block its writes.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            return new SampleProcess(process, dataDirectory, address);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The sample's own build output (next to its runtimeconfig) in the configuration the caller was built in: the tests and
    /// the bench build it with themselves, so a Release bench runs a Release server and the tests the tests' configuration.
    /// </summary>
    public static string AssemblyPath()
    {
        var output = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory); // .../<project>/bin/<Configuration>/net10.0
        var configuration = new DirectoryInfo(output).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root(), "samples", "G4F.Backend.Sample", "bin", configuration, "net10.0", "G4F.Backend.Sample.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the sample first (dotnet build -c {configuration})", path);
    }

    /// <summary>Kills the server if it still runs, waits for it and removes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
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

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
