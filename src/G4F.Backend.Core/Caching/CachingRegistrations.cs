using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Caching;

/// <summary>The cache store the <c>/create</c> and web search caches write through.</summary>
internal static class CachingRegistrations
{
    public static IServiceCollection AddCaching(this IServiceCollection services)
    {
        services.TryAddSingleton<ICacheStore, FileCacheStore>();
        return services;
    }
}
