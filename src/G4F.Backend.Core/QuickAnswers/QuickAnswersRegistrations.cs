using G4F.Backend.Caching;
using G4F.Backend.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.QuickAnswers;

/// <summary><c>GET /create</c> and its cache.</summary>
internal static class QuickAnswersRegistrations
{
    public static IServiceCollection AddQuickAnswers(this IServiceCollection services)
    {
        services.AddSection<QuickAnswerOptions, QuickAnswerOptionsValidator>("G4F:Create", o => o.Create);
        services.AddSingleton(provider => new CacheLimit(QuickAnswerCache.Name, provider.GetRequiredService<IOptions<QuickAnswerOptions>>().Value.MaxCacheEntries));
        services.TryAddSingleton<QuickAnswerCache>();
        services.TryAddSingleton<QuickAnswerService>();
        return services;
    }
}
