using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Providers;

/// <summary>The upstream providers from configuration and builder steps.</summary>
internal static class ProvidersRegistrations
{
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.TryAddSingleton<ProviderRegistry>();
        return services;
    }
}
