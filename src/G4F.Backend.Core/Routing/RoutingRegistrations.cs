using G4F.Backend.Providers;
using G4F.Backend.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Routing;

/// <summary>The model catalog, candidate selection and failover.</summary>
internal static class RoutingRegistrations
{
    public static IServiceCollection AddRouting(this IServiceCollection services)
    {
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<CandidateSelector>();
        services.TryAddSingleton<FailoverExecutor>();
        services.TryAddSingleton(sp => new CatalogService(
            sp.GetRequiredService<ModelCatalog>(),
            sp.GetRequiredService<ProviderRegistry>(),
            sp.GetRequiredService<FailoverExecutor>(),
            sp.GetRequiredService<PackageVersionService>()));
        return services;
    }
}
