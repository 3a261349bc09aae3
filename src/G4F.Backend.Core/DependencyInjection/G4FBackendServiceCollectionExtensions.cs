using G4F.Backend;
using G4F.Backend.Buckets;
using G4F.Backend.Caching;
using G4F.Backend.Conversations;
using G4F.Backend.Credentials;
using G4F.Backend.Diagnostics;
using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Memory;
using G4F.Backend.Providers;
using G4F.Backend.QuickAnswers;
using G4F.Backend.Routing;
using G4F.Backend.Search;
using G4F.Backend.Sharing;
using G4F.Backend.Speech;
using G4F.Backend.Storage;
using G4F.Backend.Telemetry;
using G4F.Backend.Usage;
using G4F.Backend.Versioning;
using G4F.Backend.WebClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the G4F backend's services.</summary>
public static class G4FBackendServiceCollectionExtensions
{
    /// <summary>
    /// Adds the backend, bound to <paramref name="configuration"/> (usually the <c>G4F</c> section).
    /// Every part is registered with <c>TryAdd</c>, so a host can replace it by registering its own first. Calling it again
    /// adds nothing twice: a configuration already bound (the same section path) is not bound again.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind, or null for code-only setup.</param>
    /// <returns>A builder for further steps, such as adding providers in code.</returns>
    public static IG4FBackendBuilder AddG4FBackend(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<G4FBackendOptions>();
        if (configuration is not null && BoundConfigurations.Of(services).Add(configuration))
        {
            options.Bind(configuration);

            // The binder leaves a list empty when its key holds a single value (G4F__OpenAI__ApiKeys=sk-... without __0).
            // For the /v1 keys that would leave the door open and pass the door's own key on to keyless providers as the
            // caller's, so a single value there is one key.
            options.Configure(o =>
            {
                if (configuration.GetSection("OpenAI:ApiKeys").Value is { Length: > 0 } single)
                {
                    o.OpenAI.ApiKeys.Add(single);
                }
            });
            services.AddSingleton<IValidateOptions<ProviderCatalogOptions>>(new ProviderConfigurationValidator(configuration));
        }

        options.ValidateOnStart();
        services.AddSections();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, ProviderHttpClientConfigurator>());
        services.AddHttpClient();
        services.AddLogging();

        // One registration per feature, bottom layers first; each registers with TryAdd*, so a host's own
        // registration made before AddG4FBackend stays. Parts a host adds are builder steps (G4FBackendPartsExtensions).
        services
            .AddStorage()
            .AddTelemetry()
            .AddCaching()
            .AddDownloads()
            .AddDocuments()
            .AddMedia()
            .AddCredentials()
            .AddProviders()
            .AddRouting()
            .AddBuckets()
            .AddSharing()
            .AddSpeech()
            .AddUsage()
            .AddSearch()
            .AddMemory()
            .AddVersioning()
            .AddConversations()
            .AddQuickAnswers()
            .AddWebClient()
            .AddHealthChecksOfBackend();
        return new G4FBackendBuilder(services);
    }

    /// <summary>Adds the backend configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further steps.</returns>
    public static IG4FBackendBuilder AddG4FBackend(this IServiceCollection services, Action<G4FBackendOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddG4FBackend((IConfiguration?)null);
        services.Configure(configure);
        return builder;
    }
}
