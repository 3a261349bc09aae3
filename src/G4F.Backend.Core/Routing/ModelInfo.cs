namespace G4F.Backend.Routing;

/// <summary>A model as <c>/models/{provider}</c> describes it.</summary>
/// <param name="Id">The model id.</param>
/// <param name="IsDefault">Whether it is the provider's default.</param>
/// <param name="Vision">Accepts images.</param>
/// <param name="Audio">Produces or takes audio.</param>
/// <param name="Video">Generates video.</param>
/// <param name="Image">Generates images.</param>
/// <param name="ProviderCount">How many providers serve it (automatic routing), or null for one named provider.</param>
public sealed record ModelInfo(string Id, bool IsDefault, bool Vision, bool Audio, bool Video, bool Image, int? ProviderCount);
