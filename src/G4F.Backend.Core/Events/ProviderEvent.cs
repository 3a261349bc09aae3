using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Names the provider (and model) the turn resolved to, or the one the router is trying now.</summary>
/// <param name="Provider">The provider and model.</param>
public sealed record ProviderEvent([property: JsonPropertyName("provider")] ProviderInfo Provider) : ResponseEvent("provider");
