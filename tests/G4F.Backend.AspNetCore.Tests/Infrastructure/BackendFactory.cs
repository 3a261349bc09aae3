using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
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

    // Completed by the host's ServicesEndedSentinel; asynchronous continuations, so no waiter runs on the disposing thread.
    private readonly TaskCompletionSource _servicesEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _onLoopback;

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

    /// <summary>
    /// Completes when the host's service container has been disposed. The factory only stops the host: the application's
    /// own run loop then disposes its services on another thread, possibly after <c>DisposeAsync</c> returned, so a test
    /// that looks at what a stopped host left (the heap, the data directory) waits for this first. Never completes for a
    /// factory that never built its host.
    /// </summary>
    public Task ServicesEnded => _servicesEnded.Task;

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <summary>
    /// A client of the host served by Kestrel on a free port of 127.0.0.1, a real socket instead of the in-memory test
    /// server, for clients that must be tested over the network (the OpenAI SDK). The first call chooses Kestrel, so it
    /// must come before any other use of the factory (<see cref="WebApplicationFactory{TEntryPoint}.UseKestrel(Action{Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions})"/>
    /// throws after); later <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> calls reach the same socket.
    /// </summary>
    public HttpClient CreateLoopbackClient()
    {
        lock (_settings)
        {
            if (!_onLoopback)
            {
                UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
                _onLoopback = true;
            }
        }

        var client = CreateClient();
        if (client.BaseAddress is not { Host: "127.0.0.1" })
        {
            throw new InvalidOperationException($"The host answers at {client.BaseAddress}, not on 127.0.0.1.");
        }

        return client;
    }

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

        builder.ConfigureServices(AddSentinel);
    }

    // The host resolves its IConfiguration before any other service, so the sentinel, made just before it, is the first
    // thing the container made and the last it disposes. Only the signal, not the factory, goes into the container.
    private void AddSentinel(IServiceCollection services)
    {
        var ended = _servicesEnded;
        var configuration = services.Last(service => service.ServiceType == typeof(IConfiguration));
        var make = configuration.ImplementationFactory
            ?? throw new InvalidOperationException("The host no longer registers its IConfiguration by a factory: ServicesEnded needs another first service.");
        services.AddSingleton(_ => new ServicesEndedSentinel(ended));
        services.Remove(configuration);
        services.AddSingleton<IConfiguration>(provider =>
        {
            provider.GetRequiredService<ServicesEndedSentinel>();
            return (IConfiguration)make(provider);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Running.TryRemove(this, out _);
        if (disposing && !KeepDataDirectory)
        {
            DeleteDataDirectory();
        }
    }

    // The application's run loop disposes its services on another thread after the factory stopped the host, and the
    // data paths then remove empty scratch folders: a folder may vanish under the recursive delete, which then starts over.
    private void DeleteDataDirectory()
    {
        for (var attempt = 1; Directory.Exists(DataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException) when (attempt < 20)
            {
            }
        }
    }
}
