using G4F.Backend;
using G4F.Backend.Providers;
using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds providers to the backend in code; they join those from configuration.</summary>
public static class G4FBackendBuilderExtensions
{
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
}
