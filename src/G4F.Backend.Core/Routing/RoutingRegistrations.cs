using G4F.Backend.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Routing;

/// <summary>The model catalog and the router with its fallback.</summary>
internal static class RoutingRegistrations
{
    public static IServiceCollection AddRouting(this IServiceCollection services)
    {
        services.AddSection<ModelCatalogOptions, ModelCatalogOptionsValidator>("G4F", ModelCatalogOptions.From);
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<ProviderRouter>();
        return services;
    }
}
