using G4F.Backend.Configuration;
namespace G4F.Backend.Routing;

/// <summary>How model lists are discovered and cached and whose key a provider is called with; the keys sit at the root of <c>G4F</c>.</summary>
internal sealed class RoutingOptions
{
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxCacheDuration, ErrorMessage = "G4F:ModelCacheDuration must be a positive time span of at most 3650.00:00:00.")]
    public TimeSpan ModelCacheDuration { get; init; } = TimeSpan.FromMinutes(10);

    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxCacheDuration, ErrorMessage = "G4F:ModelFailureCacheDuration must be a positive time span of at most 3650.00:00:00.")]
    public TimeSpan ModelFailureCacheDuration { get; init; } = TimeSpan.FromSeconds(30);

    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:ModelListTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan ModelListTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a key the client sends may replace a provider's configured key (<see cref="G4FBackendOptions.AllowClientApiKeys"/>).</summary>
    public bool AllowClientApiKeys { get; init; } = true;
}
