using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Versioning;

/// <summary>The latest-version lookup.</summary>
internal static class VersioningRegistrations
{
    public static IServiceCollection AddVersioning(this IServiceCollection services)
    {
        services.TryAddSingleton<PackageVersionService>();
        return services;
    }
}
