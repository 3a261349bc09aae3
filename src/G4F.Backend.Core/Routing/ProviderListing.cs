using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>A configured provider as <c>/providers</c> lists it (PROTOCOL 2.3).</summary>
/// <param name="Descriptor">What the provider is and serves.</param>
/// <param name="SuccessCount">How many turns it answered since the start (the <c>live</c> count).</param>
public sealed record ProviderListing(ProviderDescriptor Descriptor, int SuccessCount);
