using G4F.Backend.Core.Tests.Downloads;
using G4F.Backend.Downloads;
using G4F.Backend.Routing;
using G4F.Backend.Search;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>The real DI wiring of web search against a <see cref="FakeSearchEngine"/>, with a controllable clock.</summary>
internal sealed class SearchHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public SearchHarness(FakeSearchEngine server, Action<G4FBackendOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "g4f-core-tests", Guid.NewGuid().ToString("N"));
        var collection = new ServiceCollection();
        collection.AddSingleton<IHostResolver>(new MapResolver());
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        collection.AddG4FBackend(options =>
        {
            options.DataDirectory = DataDirectory;
            options.Downloads.AllowedNetworks.Add("127.0.0.1/32");
            options.Search.DuckDuckGoUrl = server.DuckDuckGoUrl;
            options.Search.SearxngUrl = server.SearxngUrl;
            configure?.Invoke(options);
        });
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
    }

    public string DataDirectory { get; }

    /// <summary>A clock on a fixed day (timers fire only when advanced).</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 8, 21, 10, 0, 0, TimeSpan.Zero));

    public WebSearchService Service => _services.GetRequiredService<WebSearchService>();

    public ConversationSearch Conversation => _services.GetRequiredService<ConversationSearch>();

    public RequestLog Log { get; } = new();

    /// <summary>The messages of the server's log so far.</summary>
    public IReadOnlyList<string> ServerLog => [.. _services.GetRequiredService<FakeLogCollector>().GetSnapshot().Select(r => r.Message)];

    /// <summary>A search for <paramref name="query"/> with the configured defaults.</summary>
    public Task<WebSearchResults> SearchAsync(string query, Func<WebSearchArguments, WebSearchArguments>? change = null)
    {
        var arguments = Service.Arguments(query);
        return Service.SearchAsync(change is null ? arguments : change(arguments), Log, CancellationToken.None);
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
