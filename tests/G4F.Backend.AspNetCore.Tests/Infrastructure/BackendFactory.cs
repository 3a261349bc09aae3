using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The sample host in-process, configured only by the settings a test gives (appsettings.json and the
/// environment are dropped so no test reaches a real provider). Logs are collected for assertions.
/// </summary>
public sealed class BackendFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public BackendFactory(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>(settings) { ["G4F:DataDirectory"] = DataDirectory };
        _settings.TryAdd("G4F:LatestVersionUrl", string.Empty);
        _services = services;
        Running[this] = new StackTrace(1, fNeedFileInfo: false).ToString();
    }

    /// <summary>
    /// The factories not yet disposed, each with where it was made: a host left running keeps its whole container, and
    /// its metrics listeners hold on to other hosts too (HostIsolationTests checks this is empty at the end).
    /// </summary>
    internal static ConcurrentDictionary<BackendFactory, string> Running { get; } = new();

    public string DataDirectory { get; }

    /// <summary>Leaves <see cref="DataDirectory"/> in place when the host stops, for a test that looks at what a clean stop left (it deletes the folder itself).</summary>
    public bool KeepDataDirectory { get; init; }

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <summary>Settings for one OpenAI-compatible provider named <paramref name="name"/> at <paramref name="baseUrl"/>.</summary>
    public static Dictionary<string, string?> OpenAIProvider(string name, string baseUrl, string? apiKey = null, int priority = 0) => new()
    {
        [$"G4F:Providers:{name}:Type"] = "OpenAICompatible",
        [$"G4F:Providers:{name}:BaseUrl"] = baseUrl,
        [$"G4F:Providers:{name}:ApiKey"] = apiKey,
        [$"G4F:Providers:{name}:Url"] = $"https://{name.ToLowerInvariant()}.example",
        [$"G4F:Providers:{name}:Priority"] = priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Merges several settings dictionaries.</summary>
    public static Dictionary<string, string?> Merge(params IDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            configuration.Sources.Clear();
            configuration.AddInMemoryCollection(_settings);
        });
        builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        builder.ConfigureServices(OwnMetricsOnly.Apply);
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Running.TryRemove(this, out _);
        if (disposing && !KeepDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
