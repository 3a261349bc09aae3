using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The provider and model a <see cref="ProviderEvent"/> names.</summary>
/// <param name="Name">The provider's name (the id clients send back as <c>provider</c>).</param>
/// <param name="Url">The provider's home page, when known.</param>
/// <param name="Label">The provider's display name, when known.</param>
/// <param name="Model">The model requested or reported by the upstream.</param>
public sealed record ProviderInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Url,
    [property: JsonPropertyName("label"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Label,
    [property: JsonPropertyName("model"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Model);
