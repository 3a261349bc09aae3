using G4F.Backend.Caching;
using G4F.Backend.Downloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.WebClient;

/// <summary>The files of the official web client, local or fetched and kept in the cache store.</summary>
internal static class WebClientRegistrations
{
    public static IServiceCollection AddWebClient(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebClientOptions>, WebClientSourceValidator>());
        services.TryAddSingleton(sp => new WebClientFiles(
            sp.GetRequiredService<IOptions<WebClientOptions>>(),
            sp.GetRequiredService<ICacheStore>(),
            sp.GetRequiredService<SafeDownloader>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WebClientFiles>>()));
        return services;
    }
}
