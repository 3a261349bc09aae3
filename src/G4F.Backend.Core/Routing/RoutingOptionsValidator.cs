using Microsoft.Extensions.Options;

namespace G4F.Backend.Routing;

/// <summary>Checks <see cref="RoutingOptions"/> at start (generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class RoutingOptionsValidator : IValidateOptions<RoutingOptions>;
