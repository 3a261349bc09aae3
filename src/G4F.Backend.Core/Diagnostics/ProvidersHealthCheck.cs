using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace G4F.Backend.Diagnostics;

/// <summary>
/// Whether the providers' hosts answer. An HTTP provider is probed (<see cref="ProviderProbes"/>: one small GET to its
/// own base URL, bounded and cached), whether its models are configured or listed; any other provider (a chat client, a
/// host's own) by its model listing from the catalog's cache. A provider that fails is a degraded signal, never an
/// unhealthy one: the others, and fallback, still serve. The data names providers only, never a URL or key.
/// </summary>
internal sealed class ProvidersHealthCheck(ProviderRegistry registry, ModelCatalog catalog, ProviderProbes probes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var providers = registry.All;
        if (providers.Count == 0)
        {
            return HealthCheckResult.Degraded("No provider is configured.");
        }

        var reasons = await Task.WhenAll(providers.Select(p => FailureAsync(p, cancellationToken))).ConfigureAwait(false);
        var failed = providers.Select((p, i) => (p.Descriptor.Name, Reason: reasons[i])).Where(f => f.Reason is not null).ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["providers"] = providers.Count,
            ["unreachable"] = failed.Select(f => f.Name).ToList(),
        };
        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{providers.Count} provider(s) reachable.", data)
            : HealthCheckResult.Degraded(
                $"{failed.Count} of {providers.Count} provider(s) unreachable: {string.Join(", ", failed.Select(f => $"{f.Name} ({f.Reason})"))}.",
                data: data);
    }

    /// <summary>Why the provider counts as unreachable; null when it answered.</summary>
    private async Task<string?> FailureAsync(IChatProvider provider, CancellationToken cancellationToken)
    {
        if (provider is IReachabilityProbe probe)
        {
            var result = await probes.ProbeAsync(provider, probe, cancellationToken).ConfigureAwait(false);
            return result.Reason;
        }

        var listing = await catalog.GetListingAsync(provider, cancellationToken).ConfigureAwait(false);
        return listing.Failed ? "its models could not be listed" : null;
    }
}
