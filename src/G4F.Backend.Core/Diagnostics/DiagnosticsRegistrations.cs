using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace G4F.Backend.Diagnostics;

/// <summary>The backend's health checks, tagged <see cref="G4FHealthChecks.ReadyTag"/>.</summary>
internal static class DiagnosticsRegistrations
{
    // Each check gets its own time bound: a hung disk or a slow listing must not hold a probe forever.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddHealthChecksOfBackend(this IServiceCollection services)
    {
        // AddG4FBackend may be called once per container; the checks' names must be unique, so register them once.
        if (services.Any(d => d.ServiceType == typeof(StorageHealthCheck)))
        {
            return services;
        }

        services.AddSingleton<StorageHealthCheck>();
        services.AddSingleton<ProviderProbes>();
        services.AddSingleton<ProvidersHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>(G4FHealthChecks.Storage, HealthStatus.Unhealthy, [G4FHealthChecks.ReadyTag], CheckTimeout)
            .AddCheck<ProvidersHealthCheck>(G4FHealthChecks.Providers, HealthStatus.Degraded, [G4FHealthChecks.ReadyTag], CheckTimeout);
        return services;
    }
}
