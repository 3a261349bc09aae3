using G4F.Backend.Caching;
using G4F.Backend.Conversations;
using G4F.Backend.Media;
using G4F.Backend.Search;
using G4F.Backend.Speech;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.QuickAnswers;

/// <summary><c>GET /create</c> and its cache.</summary>
internal static class QuickAnswersRegistrations
{
    public static IServiceCollection AddQuickAnswers(this IServiceCollection services)
    {
        services.AddSingleton(provider => new CacheLimit(QuickAnswerCache.Name, provider.GetRequiredService<IOptions<QuickAnswerOptions>>().Value.MaxCacheEntries));
        services.TryAddSingleton<QuickAnswerCache>();
        services.TryAddSingleton(sp => new QuickAnswerService(
            sp.GetRequiredService<ConversationService>(),
            sp.GetRequiredService<QuickAnswerCache>(),
            sp.GetRequiredService<MediaLibrary>(),
            sp.GetRequiredService<MediaDownloadStep>(),
            sp.GetRequiredService<WebSearchService>(),
            sp.GetRequiredService<SpeechSynthesizers>()));
        return services;
    }
}
