using G4F.Backend.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Speech;

/// <summary>
/// The synthesizers by provider name: one per enabled OpenAI-compatible provider with a
/// <see cref="ProviderOptions.SpeechModel"/>, then those the host registered. Resolves the
/// <see cref="SpeechOptions.Aliases"/> and the client's default name <c>Gemini</c>.
/// </summary>
internal sealed class SpeechSynthesizers
{
    /// <summary>The provider the official client asks for when a message carries no synthesize data.</summary>
    public const string ClientDefaultName = "Gemini";

    private readonly Dictionary<string, ISpeechSynthesizer> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ISpeechSynthesizer> _ordered = [];
    private readonly List<(string Name, string Model)> _configuredModels = [];
    private readonly SpeechOptions _options;
    private readonly ProviderRegistry _providers;

    public SpeechSynthesizers(
        IOptions<SpeechOptions> options,
        IOptions<ProviderCatalogOptions> catalog,
        ProviderRegistry providers,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IEnumerable<ISpeechSynthesizer> hostSynthesizers)
    {
        _options = options.Value;
        _providers = providers;
        var logger = loggerFactory.CreateLogger<OpenAISpeechSynthesizer>();

        // Routing order, so "the first capable provider" follows the configured priorities.
        foreach (var provider in providers.All)
        {
            if (catalog.Value.Providers.TryGetValue(provider.Descriptor.Name, out var configured)
                && configured is { Type: ProviderType.OpenAICompatible, Enabled: true }
                && !string.IsNullOrWhiteSpace(configured.SpeechModel))
            {
                Add(new OpenAISpeechSynthesizer(provider.Descriptor.Name, configured, httpClientFactory, timeProvider, logger));
                _configuredModels.Add((provider.Descriptor.Name, configured.SpeechModel.Trim()));
            }
        }

        foreach (var synthesizer in hostSynthesizers)
        {
            Add(synthesizer);
        }
    }

    /// <summary>
    /// The provider, first in routing order, whose configured speech model is <paramref name="model"/> (case-insensitive),
    /// or null. A host's own synthesizer declares no model, so only a provider name reaches it.
    /// </summary>
    public string? NameOfModel(string model)
    {
        var wanted = model.Trim();
        return _configuredModels.FirstOrDefault(m => string.Equals(m.Model, wanted, StringComparison.OrdinalIgnoreCase)).Name;
    }

    /// <summary>Finds the synthesizer for a requested provider name.</summary>
    /// <param name="name">The name from the route.</param>
    /// <param name="synthesizer">The synthesizer, when there is one.</param>
    /// <returns>Whether the name (or what it aliases) is a known provider at all.</returns>
    public bool TryResolve(string name, out ISpeechSynthesizer? synthesizer)
    {
        var target = _options.Aliases.TryGetValue(name, out var alias) && !string.IsNullOrWhiteSpace(alias) ? alias : name;
        if (_byName.TryGetValue(target, out synthesizer))
        {
            return true;
        }

        if (_providers.Find(target) is not null)
        {
            return true;
        }

        if (string.Equals(target, ClientDefaultName, StringComparison.OrdinalIgnoreCase))
        {
            synthesizer = string.IsNullOrWhiteSpace(_options.DefaultProvider)
                ? _ordered.FirstOrDefault()
                : _byName.GetValueOrDefault(_options.DefaultProvider);
            return synthesizer is not null;
        }

        return false;
    }

    // A later one replaces an earlier one of the same name in its place (the one rule of the builder steps).
    private void Add(ISpeechSynthesizer synthesizer)
    {
        if (_byName.TryGetValue(synthesizer.ProviderName, out var earlier))
        {
            _ordered[_ordered.IndexOf(earlier)] = synthesizer;
        }
        else
        {
            _ordered.Add(synthesizer);
        }

        _byName[synthesizer.ProviderName] = synthesizer;
    }
}
