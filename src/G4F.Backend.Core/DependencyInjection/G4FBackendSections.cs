using G4F.Backend;
using G4F.Backend.Buckets;
using G4F.Backend.Conversations;
using G4F.Backend.Credentials;
using G4F.Backend.Downloads;
using G4F.Backend.FrontDoors;
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
using G4F.Backend.WebClient;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Cuts <see cref="G4FBackendOptions"/> into the sections the features inject. Only the composition root knows the
/// root options: a feature names its own section and never the root, so no folder depends back on the options root.
/// The keys that sit at the root of <c>G4F</c> (body limits, model caching, the version lookup) are gathered into their
/// feature's section here.
/// </summary>
internal static class G4FBackendSections
{
    public static IServiceCollection AddSections(this IServiceCollection services) => services
        .AddSection<ProviderCatalogOptions, ProviderOptionsValidator>("G4F:Providers", o => new ProviderCatalogOptions(o.Providers))
        .AddSection<CorsSettings, CorsSettingsValidator>("G4F:Cors", o => o.Cors)
        .AddSection<StorageOptions, StorageOptionsValidator>("G4F", o => new StorageOptions { DataDirectory = o.DataDirectory })
        .AddSection<DownloadOptions, DownloadOptionsValidator>("G4F:Downloads", o => o.Downloads)
        .AddSection<CookieOptions, CookieOptionsValidator>("G4F:Cookies", o => o.Cookies)
        .AddSection<CookieUploadOptions, CookieUploadOptionsValidator>("G4F", o => new CookieUploadOptions { MaxCookieFileBytes = o.MaxCookieFileBytes })
        .AddSection<RoutingOptions, RoutingOptionsValidator>("G4F", Routing)
        .AddSection<BucketOptions, BucketOptionsValidator>("G4F:Buckets", o => o.Buckets)
        .AddSection<SharingOptions, SharingOptionsValidator>("G4F:Sharing", o => o.Sharing)
        .AddSection<SpeechOptions, SpeechOptionsValidator>("G4F:Speech", o => o.Speech)
        .AddSection<UsageOptions, UsageOptionsValidator>("G4F:Usage", o => o.Usage)
        .AddSection<SearchOptions, SearchOptionsValidator>("G4F:Search", o => o.Search)
        .AddSection<MemoryOptions, MemoryOptionsValidator>("G4F:Memory", o => o.Memory)
        .AddSection<VersionCheckOptions, VersionCheckOptionsValidator>("G4F", VersionCheck)
        .AddSection<ConversationOptions, ConversationOptionsValidator>("G4F", Conversation)
        .AddSection<QuickAnswerOptions, QuickAnswerOptionsValidator>("G4F:Create", o => o.Create)
        .AddSection<WebClientOptions, WebClientOptionsValidator>("G4F:Gui", o => o.Gui)
        .AddSection<OpenAIFrontDoorOptions, OpenAIFrontDoorOptionsValidator>("G4F:OpenAI", o => o.OpenAI);

    private static RoutingOptions Routing(G4FBackendOptions options) => new()
    {
        ModelCacheDuration = options.ModelCacheDuration,
        ModelFailureCacheDuration = options.ModelFailureCacheDuration,
        ModelListTimeout = options.ModelListTimeout,
        AllowClientApiKeys = options.AllowClientApiKeys,
    };

    private static VersionCheckOptions VersionCheck(G4FBackendOptions options) => new()
    {
        LatestVersionUrl = options.LatestVersionUrl,
        LatestVersionTimeout = options.LatestVersionTimeout,
        LatestVersionCacheDuration = options.LatestVersionCacheDuration,
    };

    private static ConversationOptions Conversation(G4FBackendOptions options) => new()
    {
        MaxRequestBodyBytes = options.MaxRequestBodyBytes,
        MaxRequestJsonValues = options.MaxRequestJsonValues,
        MaxAttachedMedia = options.MaxAttachedMedia,
        EnableDebugLogEvents = options.EnableDebugLogEvents,
    };
}
