using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>One conversation turn: the media steps, the pipeline of the turn and the service that runs it.</summary>
internal static class ConversationsRegistrations
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.TryAddSingleton<TurnMediaLoader>();
        services.TryAddSingleton<TurnMediaAttacher>();
        services.TryAddSingleton<MediaDownloadStep>();
        services.TryAddSingleton<TurnPipeline>();
        services.TryAddSingleton(sp => new ConversationService(sp.GetRequiredService<TurnPipeline>()));
        services.TryAddSingleton(sp => new ImageGenerationService(
            sp.GetRequiredService<TurnPipeline>(), sp.GetRequiredService<ProviderRegistry>(), sp.GetRequiredService<MediaLibrary>(), sp.GetRequiredService<IOptions<DownloadOptions>>()));
        services.TryAddSingleton(sp => new ConversationRequestReader(sp.GetRequiredService<IOptions<ConversationOptions>>()));
        return services;
    }
}
