using G4F.Backend.Downloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>The real DI wiring of the safe downloader, with the test resolver and a controllable clock.</summary>
internal sealed class DownloadHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public DownloadHarness(Action<G4FBackendOptions>? configure = null, MapResolver? resolver = null, Action<IServiceCollection>? services = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "g4f-core-tests", Guid.NewGuid().ToString("N"));
        Resolver = resolver ?? new MapResolver();
        var collection = new ServiceCollection();
        collection.AddSingleton<IHostResolver>(Resolver);
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        collection.AddG4FBackend(options =>
        {
            options.DataDirectory = DataDirectory;
            configure?.Invoke(options);
        });
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
    }

    public string DataDirectory { get; }

    public MapResolver Resolver { get; }

    public FakeTimeProvider Time { get; } = new();

    /// <summary>Every log entry so far.</summary>
    public FakeLogCollector Logs => _services.GetRequiredService<FakeLogCollector>();

    /// <summary>The messages of the log entries so far.</summary>
    public IReadOnlyList<string> LogMessages => [.. Logs.GetSnapshot().Select(r => r.Message)];

    public SafeDownloader Downloader => _services.GetRequiredService<SafeDownloader>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Allows the loopback test servers (the rules stay on for everything else).</summary>
    public static void AllowLoopback(G4FBackendOptions options) => options.Downloads.AllowedNetworks.Add("127.0.0.1/32");

    public async Task<(DownloadResult Result, byte[] Body)> DownloadAsync(string url, DownloadRequirement requirement = default)
    {
        using var body = new MemoryStream();
        var result = await Downloader.DownloadAsync(url, body, requirement, CancellationToken.None);
        return (result, body.ToArray());
    }

    public async Task<DownloadException> RefusedAsync(string url, DownloadRequirement requirement = default)
    {
        using var body = new MemoryStream();
        var act = () => Downloader.DownloadAsync(url, body, requirement, CancellationToken.None);
        return (await act.Should().ThrowAsync<DownloadException>()).Which;
    }

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
