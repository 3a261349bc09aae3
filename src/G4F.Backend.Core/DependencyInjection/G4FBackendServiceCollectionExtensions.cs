using G4F.Backend;
using G4F.Backend.Buckets;
using G4F.Backend.Conversations;
using G4F.Backend.Credentials;
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
using G4F.Backend.Usage;
using G4F.Backend.Versioning;
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
    /// Every part is registered with <c>TryAdd</c>, so a host can replace it by registering its own first.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind, or null for code-only setup.</param>
    /// <returns>A builder for further steps, such as adding providers in code.</returns>
    public static IG4FBackendBuilder AddG4FBackend(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<G4FBackendOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
            services.AddSingleton<IValidateOptions<G4FBackendOptions>>(new ProviderConfigurationValidator(configuration));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<G4FBackendOptions>, G4FBackendOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, ProviderHttpClientConfigurator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, ProviderCookieConfigurator>());
        services.AddHttpClient();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataPaths>();
        services.TryAddSingleton<TempFiles>();
        services.TryAddSingleton<CookieStore>();
        services.TryAddSingleton<BucketLocks>();
        services.TryAddSingleton<BucketOwners>();
        services.TryAddSingleton<BucketFolders>();
        services.TryAddSingleton<OwnedChatShares>();
        services.TryAddSingleton<BucketText>();
        services.TryAddSingleton<BucketPartExpander>();
        services.TryAddSingleton<BucketManifest>();
        services.TryAddSingleton<BucketConversion>();
        services.TryAddSingleton<BucketUploader>();
        services.TryAddSingleton<BucketReader>();
        services.TryAddSingleton<DocumentConverters>();
        DocumentConverterRegistrations.AddBuiltInConverters(services);
        services.TryAddSingleton<BucketDownloads>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<G4FBackendOptions>>().Value.Buckets.ToDocumentLimits());
        services.TryAddSingleton<ConversionGate>();
        services.TryAddSingleton<ImageThumbnails>();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton(sp => new AddressPolicy(sp.GetRequiredService<IOptions<G4FBackendOptions>>().Value.Downloads.AllowedNetworks));
        services.TryAddSingleton<SafeConnector>();
        services.TryAddSingleton<SafeDownloader>();
        services.TryAddSingleton<BucketFileCommitter>();
        services.TryAddSingleton<BucketMediaFetcher>();
        services.TryAddSingleton<DownloadStore>();
        services.TryAddSingleton<MediaLibrary>();
        services.TryAddSingleton<MediaSearch>();
        services.TryAddSingleton<FallbackFetchGate>();
        services.TryAddSingleton<FetchedMediaCache>();
        services.TryAddSingleton<MediaUrlFallback>();
        services.TryAddSingleton<TurnMediaLoader>();
        services.TryAddSingleton<TurnMediaAttacher>();
        services.TryAddSingleton<MediaDownloadStep>();
        services.TryAddSingleton<ProviderRegistry>();
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<SpeechSynthesizers>();
        services.TryAddSingleton<ProviderRouter>();
        services.TryAddSingleton<IUsageLog, FileUsageLog>();
        services.TryAddSingleton<CallerUsage>();
        SearchRegistrations.AddWebSearch(services);
        services.TryAddSingleton(sp => new ConversationService(
            sp.GetRequiredService<ProviderRouter>(),
            sp.GetRequiredService<IOptions<G4FBackendOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IUsageLog>(),
            sp.GetRequiredService<BucketPartExpander>(),
            sp.GetRequiredService<ConversationSearch>(),
            sp.GetRequiredService<TurnMediaAttacher>(),
            sp.GetRequiredService<MediaDownloadStep>(),
            sp.GetRequiredService<Logging.ILogger<ConversationService>>()));
        services.TryAddSingleton<QuickAnswerCache>();
        services.TryAddSingleton<QuickAnswerService>();
        services.TryAddSingleton<PackageVersionService>();
        services.TryAddSingleton<IChatShareStore, FileSystemChatShareStore>();
        services.TryAddSingleton<IMemoryStore, SqliteMemoryStore>();
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
