using G4F.Backend;
using G4F.Backend.Documents;
using G4F.Backend.Providers;
using G4F.Backend.Search;
using G4F.Backend.Speech;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Steps on <see cref="IG4FBackendBuilder"/>: providers in code (they join those from configuration) and the parts a
/// host adds or replaces. One rule for every part: what is added later wins over what was added earlier for what both
/// handle, and the built-in parts count as added first. So a converter added here wins for the files it accepts, a
/// search engine for its <see cref="IWebSearch.Name"/>, a synthesizer for its <see cref="ISpeechSynthesizer.ProviderName"/>.
/// </summary>
public static class G4FBackendBuilderExtensions
{
    /// <summary>
    /// Adds a document converter (a singleton). It converts every file it accepts
    /// (<see cref="IDocumentConverter.CanConvert"/>) in place of the built-in converter and of converters added before it.
    /// </summary>
    /// <typeparam name="TConverter">The converter.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddDocumentConverter<TConverter>(this IG4FBackendBuilder builder)
        where TConverter : class, IDocumentConverter => builder.AddPart<IDocumentConverter, TConverter>();

    /// <summary>
    /// Adds a web search engine (a singleton), chosen by <c>G4F:Search:Engine</c> or a <c>search_tool</c> call's
    /// <c>backend</c> naming its <see cref="IWebSearch.Name"/>; with a built-in engine's name it replaces that engine.
    /// </summary>
    /// <typeparam name="TSearch">The engine.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddWebSearch<TSearch>(this IG4FBackendBuilder builder)
        where TSearch : class, IWebSearch => builder.AddPart<IWebSearch, TSearch>();

    /// <summary>
    /// Adds a speech synthesizer (a singleton): <c>/backend-api/v2/synthesize/{provider}</c> with its
    /// <see cref="ISpeechSynthesizer.ProviderName"/> speaks through it, also in place of a configured provider's.
    /// </summary>
    /// <typeparam name="TSynthesizer">The synthesizer.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddSpeechSynthesizer<TSynthesizer>(this IG4FBackendBuilder builder)
        where TSynthesizer : class, ISpeechSynthesizer => builder.AddPart<ISpeechSynthesizer, TSynthesizer>();

    /// <summary>Adds an OpenAI-compatible provider (<c>POST {BaseUrl}/chat/completions</c>).</summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configure">Sets <see cref="ProviderOptions.BaseUrl"/>, the key and the rest.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddOpenAICompatibleProvider(this IG4FBackendBuilder builder, string name, Action<ProviderOptions> configure) =>
        builder.AddProvider(name, ProviderType.OpenAICompatible, configure);

    /// <summary>Adds an Ollama provider (default <c>http://localhost:11434</c>).</summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configure">Optional further settings.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddOllamaProvider(this IG4FBackendBuilder builder, string name, Action<ProviderOptions>? configure = null) =>
        builder.AddProvider(name, ProviderType.Ollama, configure);

    /// <summary>Adds a provider backed by any <see cref="IChatClient"/>.</summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="chatClientFactory">Creates the chat client once, from the application's services.</param>
    /// <param name="configure">Optional settings (models, labels, priority).</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddChatClientProvider(this IG4FBackendBuilder builder, string name, Func<IServiceProvider, IChatClient> chatClientFactory, Action<ProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(chatClientFactory);
        builder.AddProvider(name, ProviderType.ChatClient, configure);
        builder.Services.AddSingleton(new ChatClientRegistration(name, chatClientFactory));
        return builder;
    }

    private static IG4FBackendBuilder AddProvider(this IG4FBackendBuilder builder, string name, ProviderType type, Action<ProviderOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.Configure<G4FBackendOptions>(options =>
        {
            if (!options.Providers.TryGetValue(name, out var provider))
            {
                provider = new ProviderOptions();
                options.Providers[name] = provider;
            }

            provider.Type = type;
            configure?.Invoke(provider);
        });
        return builder;
    }

    // Appended after the built-in parts (AddG4FBackend registered them), so it comes later in every lookup.
    private static IG4FBackendBuilder AddPart<TPart, TImplementation>(this IG4FBackendBuilder builder)
        where TPart : class
        where TImplementation : class, TPart
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<TPart, TImplementation>());
        return builder;
    }
}
