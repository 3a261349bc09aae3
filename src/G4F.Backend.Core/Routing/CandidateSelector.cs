using G4F.Backend.Providers;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Routing;

/// <summary>
/// Which providers a turn may use, in which order, and what each is called with: a named provider alone; otherwise
/// the enabled providers the client did not switch off, those known to serve the model first (by priority), then
/// those whose listing failed. Runs nothing: <see cref="FailoverExecutor"/> tries the candidates.
/// </summary>
internal sealed class CandidateSelector(ProviderRegistry registry, ModelCatalog catalog, IOptions<RoutingOptions> options)
{
    /// <summary>Resolves the requested provider name; throws <see cref="ProviderNotFoundException"/> for an unknown one.</summary>
    public RoutePlan Resolve(string? providerName)
    {
        if (string.IsNullOrWhiteSpace(providerName) || string.Equals(providerName, RoutePlan.AutomaticName, StringComparison.OrdinalIgnoreCase))
        {
            return new RoutePlan(RoutePlan.AutomaticName, null);
        }

        var provider = registry.Find(providerName) ?? throw new ProviderNotFoundException(providerName);
        return new RoutePlan(provider.Descriptor.Name, provider);
    }

    /// <summary>The providers to try for <paramref name="request"/>, in order.</summary>
    public async ValueTask<IReadOnlyList<IChatProvider>> SelectAsync(RoutePlan plan, ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        if (plan.Provider is { } named)
        {
            return [named];
        }

        var eligible = registry.All.Where(p => !ProviderSelection.IsIgnored(p.Descriptor, request.Ignored)).ToList();
        if (IsDefaultModel(request.Model))
        {
            return eligible;
        }

        // Providers known to serve the model come first; those whose listing failed (down, or listing needs
        // a key the server lacks) may still serve it, so they are tried after them rather than never.
        var serving = new List<IChatProvider>();
        var unknown = new List<IChatProvider>();
        var listings = await Task.WhenAll(eligible.Select(p => catalog.GetListingAsync(p, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < eligible.Count; i++)
        {
            if (ModelDescriptions.AllIds(eligible[i].Descriptor, listings[i].Models).Contains(request.Model!, StringComparer.OrdinalIgnoreCase))
            {
                serving.Add(eligible[i]);
            }
            else if (listings[i].Failed)
            {
                unknown.Add(eligible[i]);
            }
        }

        return [.. serving, .. unknown];
    }

    /// <summary>
    /// What <paramref name="provider"/> is called with: the requested model (or the provider's default for
    /// <c>default</c>), and the client's key for it (the request's, else the caller's where the provider has no key of its
    /// own), or null to use the configured one. The request itself is made from it where the attempt is
    /// (<see cref="UpstreamTurn.RequestFor"/>).
    /// </summary>
    public async ValueTask<CandidateCall> CallForAsync(IChatProvider provider, RoutePlan plan, ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(request);
        var model = await ModelForAsync(provider, request.Model, cancellationToken).ConfigureAwait(false);
        return new CandidateCall(model, ClientKeyFor(provider, request, plan));
    }

    /// <summary>Whether <paramref name="model"/> asks for the provider's default model.</summary>
    public static bool IsDefaultModel(string? model) =>
        string.IsNullOrWhiteSpace(model) || string.Equals(model, "default", StringComparison.OrdinalIgnoreCase);

    private async ValueTask<string?> ModelForAsync(IChatProvider provider, string? requested, CancellationToken cancellationToken)
    {
        if (!IsDefaultModel(requested))
        {
            return requested;
        }

        if (provider.Descriptor.DefaultModel is { } configured)
        {
            return configured;
        }

        var models = await catalog.GetModelsAsync(provider, cancellationToken).ConfigureAwait(false);
        return models.Count > 0 ? models[0] : null;
    }

    private string? ClientKeyFor(IChatProvider provider, ChatRequest request, RoutePlan plan)
    {
        string? key = null;
        if (request.ApiKeys is { } keys)
        {
            key = keys.GetValueOrDefault(provider.Descriptor.Name)
                ?? (provider.Descriptor.Parent is { } parent ? keys.GetValueOrDefault(parent) : null);
        }
        else if (!plan.IsAutomatic)
        {
            // A single key belongs to the provider the client named; it is never offered to others.
            key = request.ApiKey;
        }

        var allow = options.Value.AllowClientApiKeys;

        // The caller's key stands in only where the request named none and the provider has no key of its own: an
        // OpenAI SDK always sends a bearer, usually a dummy, and it must never replace the server's configured key.
        return ProviderSelection.ClientKey(key, allow)
            ?? (provider.Descriptor.TakesCallerKey ? ProviderSelection.ClientKey(plan.CallerKey, allow) : null);
    }
}
