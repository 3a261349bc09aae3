using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>
/// A fake upstream plus providers built the way the backend builds them: the named HTTP clients come
/// from <c>AddG4FBackend</c>, so the connect timeout and handler settings of the real host apply.
/// </summary>
internal sealed class ProviderHarness : IAsyncDisposable
{
    public const string ProviderName = "Fake";

    private readonly List<ServiceProvider> _services = [];

    private ProviderHarness(FakeUpstream upstream) => Upstream = upstream;

    public FakeUpstream Upstream { get; }

    public FakeLogger<OpenAICompatibleProvider> OpenAILogger { get; } = new();

    public FakeLogger<OllamaProvider> OllamaLogger { get; } = new();

    public static async Task<ProviderHarness> StartAsync() => new(await FakeUpstream.StartAsync());

    public static ChatRequest Request(string? model = "fake-model", string? apiKey = null) => new()
    {
        Model = model,
        ApiKey = apiKey,
        Messages = [new JsonObject { ["role"] = "user", ["content"] = "Hi" }],
    };

    public static async Task<List<ResponseEvent>> CollectAsync(IAsyncEnumerable<ResponseEvent> events, CancellationToken cancellationToken = default)
    {
        var list = new List<ResponseEvent>();
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Collects events until the stream ends or fails; the failure is returned, not thrown.</summary>
    public static async Task<(List<ResponseEvent> Events, Exception? Error)> CollectUntilErrorAsync(IAsyncEnumerable<ResponseEvent> events)
    {
        var list = new List<ResponseEvent>();
        try
        {
            await foreach (var item in events)
            {
                list.Add(item);
            }

            return (list, null);
        }
        catch (Exception ex)
        {
            return (list, ex);
        }
    }

    /// <param name="configure">Changes the options.</param>
    /// <param name="baseUrl">Another base URL than the fake's.</param>
    /// <param name="timeProvider">The clock of the provider's time limits; the system clock when null.</param>
    /// <param name="handler">A handler put in front of the provider's HTTP client, e.g. to make it fail or to count what is read.</param>
    public OpenAICompatibleProvider OpenAI(Action<ProviderOptions>? configure = null, string? baseUrl = null, TimeProvider? timeProvider = null, Func<DelegatingHandler>? handler = null)
    {
        var options = new ProviderOptions { Type = ProviderType.OpenAICompatible, BaseUrl = baseUrl ?? Upstream.OpenAIBaseUrl };
        configure?.Invoke(options);
        return new OpenAICompatibleProvider(ProviderName, options, HttpClientFactory(options, handler), timeProvider ?? TimeProvider.System, OpenAILogger);
    }

    /// <param name="configure">Changes the options.</param>
    /// <param name="timeProvider">The clock of the provider's time limits; the system clock when null.</param>
    /// <param name="handler">A handler put in front of the provider's HTTP client.</param>
    public OllamaProvider Ollama(Action<ProviderOptions>? configure = null, TimeProvider? timeProvider = null, Func<DelegatingHandler>? handler = null)
    {
        var options = new ProviderOptions { Type = ProviderType.Ollama, BaseUrl = Upstream.BaseUrl };
        configure?.Invoke(options);
        return new OllamaProvider(ProviderName, options, HttpClientFactory(options, handler), timeProvider ?? TimeProvider.System, OllamaLogger);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        await Upstream.DisposeAsync();
    }

    private IHttpClientFactory HttpClientFactory(ProviderOptions options, Func<DelegatingHandler>? handler)
    {
        var collection = new ServiceCollection();
        collection.AddG4FBackend(o => o.Providers[ProviderName] = options);
        if (handler is not null)
        {
            collection.AddHttpClient(UpstreamHttpClients.ForProvider(ProviderName)).AddHttpMessageHandler(handler);
        }

        var services = collection.BuildServiceProvider();
        _services.Add(services);
        return services.GetRequiredService<IHttpClientFactory>();
    }
}
