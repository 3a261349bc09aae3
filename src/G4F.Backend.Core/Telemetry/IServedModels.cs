using G4F.Backend.Providers;

namespace G4F.Backend.Telemetry;

/// <summary>What the providers are known to serve, for naming models in telemetry (the model catalog).</summary>
internal interface IServedModels
{
    /// <summary>
    /// The known spelling of <paramref name="model"/> when <paramref name="provider"/> is known to serve it, else null;
    /// never waits and never calls the upstream (telemetry must not add requests to a turn).
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="model">The model it is called with.</param>
    /// <returns>The known spelling, or null.</returns>
    string? KnownId(IChatProvider provider, string? model);
}
