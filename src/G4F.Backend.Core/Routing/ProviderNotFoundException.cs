namespace G4F.Backend.Routing;

/// <summary>A request named a provider that is not configured or not enabled.</summary>
public sealed class ProviderNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="providerName"/>.</summary>
    /// <param name="providerName">The name the request used.</param>
    public ProviderNotFoundException(string providerName)
        : base($"Provider with label '{providerName}' not found")
    {
        ProviderName = providerName;
    }

    /// <summary>The name the request used.</summary>
    public string ProviderName { get; }
}
