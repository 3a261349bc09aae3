using G4F.Backend.Providers;
using G4F.Backend.Versioning;

namespace G4F.Backend.Routing;

/// <summary>
/// What the backend offers, for a host (PROTOCOL 2): the providers, their models (discovered from the upstreams and
/// cached), and the package version.
/// </summary>
public sealed class CatalogService
{
    private readonly ModelCatalog _models;
    private readonly ProviderRegistry _providers;
    private readonly FailoverExecutor _router;
    private readonly PackageVersionService _versions;

    internal CatalogService(ModelCatalog models, ProviderRegistry providers, FailoverExecutor router, PackageVersionService versions)
    {
        _models = models;
        _providers = providers;
        _router = router;
        _versions = versions;
    }

    /// <summary>The version of the running package; null when it carries none.</summary>
    public string? CurrentVersion => _versions.CurrentVersion;

    /// <summary>Every enabled provider's model ids (listed plus configured capability models), in routing order.</summary>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>Provider name and model ids; a provider whose listing failed has its configured models only.</returns>
    public Task<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> GetAllModelIdsAsync(CancellationToken cancellationToken = default) =>
        _models.GetAllModelIdsAsync(cancellationToken);

    /// <summary>
    /// The models of one provider with capability flags; for <c>AnyProvider</c> the union of all enabled providers except
    /// <paramref name="ignored"/>.
    /// </summary>
    /// <param name="providerName">The provider's name.</param>
    /// <param name="apiKey">A key the client sent for the listing; null for the configured one.</param>
    /// <param name="ignored">Provider names left out of the union.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The models.</returns>
    /// <exception cref="ProviderNotFoundException">No such provider.</exception>
    /// <exception cref="ProviderException">The upstream refused or failed the listing.</exception>
    public Task<IReadOnlyList<ModelInfo>> DescribeModelsAsync(string providerName, string? apiKey, IReadOnlyCollection<string> ignored, CancellationToken cancellationToken = default) =>
        _models.DescribeAsync(providerName, apiKey, ignored, cancellationToken);

    /// <summary>The enabled providers in routing order, each with its success count.</summary>
    /// <returns>The providers.</returns>
    public IReadOnlyList<ProviderListing> GetProviders() =>
        [.. _providers.All.Select(p => new ProviderListing(p.Descriptor, _router.SuccessCount(p.Descriptor.Name)))];

    /// <summary>The enabled provider named <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">The provider name.</param>
    /// <returns>Its descriptor, or null.</returns>
    public ProviderDescriptor? FindProvider(string name) => _providers.Find(name)?.Descriptor;

    /// <summary>The newest stable version published, or null when unknown (no URL configured, or the lookup failed).</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The version, or null.</returns>
    public Task<string?> GetLatestVersionAsync(CancellationToken cancellationToken = default) => _versions.GetLatestVersionAsync(cancellationToken);
}
