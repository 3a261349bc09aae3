using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace G4F.Backend.Diagnostics;

/// <summary>
/// Whether the providers answer: the model listing of each, from the catalog's cache (so a probe costs nothing while
/// the lists are fresh, and at most one listing per provider, bounded by <c>G4F:ModelListTimeout</c>, when they are not).
/// A provider that fails is a degraded signal, never an unhealthy one: the others, and fallback, still serve.
/// The data names providers only, never a URL or key.
/// </summary>
internal sealed class ProvidersHealthCheck(ProviderRegistry registry, ModelCatalog catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var providers = registry.All;
        if (providers.Count == 0)
        {
            return HealthCheckResult.Degraded("No provider is configured.");
        }

        var listings = await Task.WhenAll(providers.Select(p => catalog.GetListingAsync(p, cancellationToken))).ConfigureAwait(false);
        var failed = providers.Where((_, i) => listings[i].Failed).Select(p => p.Descriptor.Name).ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["providers"] = providers.Count,
            ["unreachable"] = failed,
        };
        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{providers.Count} provider(s) listed their models.", data)
            : HealthCheckResult.Degraded($"{failed.Count} of {providers.Count} provider(s) could not list their models: {string.Join(", ", failed)}.", data: data);
    }
}
