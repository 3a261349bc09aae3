using G4F.Backend.Buckets;
using G4F.Backend.Configuration;
using G4F.Backend.Routing;
using G4F.Backend.Search;
using G4F.Backend.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>One conversation turn: the media steps and the service that runs the turn.</summary>
internal static class ConversationsRegistrations
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSection<ConversationOptions, ConversationOptionsValidator>("G4F", ConversationOptions.From);
        services.TryAddSingleton<TurnMediaLoader>();
        services.TryAddSingleton<TurnMediaAttacher>();
        services.TryAddSingleton<MediaDownloadStep>();
        services.TryAddSingleton(sp => new ConversationService(
            sp.GetRequiredService<ProviderRouter>(),
            sp.GetRequiredService<IOptions<G4FBackendOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IUsageLog>(),
            sp.GetRequiredService<BucketPartExpander>(),
            sp.GetRequiredService<ConversationSearch>(),
            sp.GetRequiredService<TurnMediaAttacher>(),
            sp.GetRequiredService<MediaDownloadStep>(),
            sp.GetRequiredService<ILogger<ConversationService>>()));
        return services;
    }
}
