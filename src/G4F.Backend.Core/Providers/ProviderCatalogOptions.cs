namespace G4F.Backend.Providers;

/// <summary>
/// The configured upstream providers by name (case-insensitive), <c>G4F:Providers</c>: the section of the options
/// that what builds, configures or lists the providers reads, so none of them takes the whole options.
/// </summary>
internal sealed class ProviderCatalogOptions(IDictionary<string, ProviderOptions> providers)
{
    /// <summary>The providers as bound and configured (the same dictionary the backend options hold).</summary>
    public IDictionary<string, ProviderOptions> Providers { get; } = providers;
}
