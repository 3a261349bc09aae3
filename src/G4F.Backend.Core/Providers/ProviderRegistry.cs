using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Providers;

/// <summary>
/// The enabled providers: those configured under <c>G4F:Providers</c> (or added in code) and any
/// <see cref="IChatProvider"/> the host registered itself, in routing order (priority, then registration order).
/// </summary>
internal sealed class ProviderRegistry
{
    private readonly Dictionary<string, IChatProvider> _byName;

    public ProviderRegistry(
        IOptions<ProviderCatalogOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IServiceProvider services,
        IEnumerable<ChatClientRegistration> chatClients,
        IEnumerable<IChatProvider> hostProviders)
    {
        var clients = chatClients.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var created = new List<IChatProvider>();
        foreach (var (name, provider) in options.Value.Providers)
        {
            if (!provider.Enabled)
            {
                continue;
            }

            created.Add(provider.Type switch
            {
                ProviderType.OpenAICompatible => new OpenAICompatibleProvider(name, provider, httpClientFactory, timeProvider, loggerFactory.CreateLogger<OpenAICompatibleProvider>()),
                ProviderType.Ollama => new OllamaProvider(name, provider, httpClientFactory, timeProvider, loggerFactory.CreateLogger<OllamaProvider>()),
                ProviderType.ChatClient => new ChatClientProvider(
                    name,
                    provider,
                    clients.TryGetValue(name, out var registration)
                        ? registration.Factory(services)
                        : throw new InvalidOperationException($"G4F:Providers:{name}:Type is ChatClient but no chat client was added for '{name}' with AddChatClientProvider."),
                    timeProvider,
                    loggerFactory.CreateLogger<ChatClientProvider>()),
                _ => throw new InvalidOperationException($"G4F:Providers:{name}:Type '{provider.Type}' is not supported."),
            });
        }

        created.AddRange(hostProviders);
        All = [.. created.Select((p, i) => (p, i)).OrderBy(x => x.p.Descriptor.Priority).ThenBy(x => x.i).Select(x => x.p)];
        _byName = new Dictionary<string, IChatProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in All)
        {
            if (!_byName.TryAdd(provider.Descriptor.Name, provider))
            {
                throw new InvalidOperationException($"Two providers are named '{provider.Descriptor.Name}'.");
            }
        }
    }

    /// <summary>The enabled providers in routing order.</summary>
    public IReadOnlyList<IChatProvider> All { get; }

    /// <summary>Finds an enabled provider by name, ignoring case.</summary>
    public IChatProvider? Find(string name) => _byName.GetValueOrDefault(name);
}
