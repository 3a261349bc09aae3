namespace G4F.Backend.Providers;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients the backend uses.</summary>
internal static class UpstreamHttpClients
{
    /// <summary>Prefix of the per-provider clients; the rest is the provider's name.</summary>
    public const string ProviderPrefix = "G4F.Provider.";

    /// <summary>The client of <paramref name="providerName"/>, carrying its connect timeout.</summary>
    public static string ForProvider(string providerName) => ProviderPrefix + providerName;

    /// <summary>The client of the latest-version lookup.</summary>
    public const string Version = "G4F.Version";
}
