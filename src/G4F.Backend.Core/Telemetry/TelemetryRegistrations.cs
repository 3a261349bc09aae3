using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Telemetry;

/// <summary>The backend's activity source and meter.</summary>
internal static class TelemetryRegistrations
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        // The host's meter factory when it has one (every generic host does), so its listeners and scopes apply;
        // a bare service collection gets a meter of its own.
        services.TryAddSingleton(sp => new BackendTelemetry(
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<IMeterFactory>()));
        return services;
    }
}
