using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>The body of a <see cref="SynthesizeEvent"/>.</summary>
/// <param name="Provider">The speech provider's name.</param>
/// <param name="Data">Query parameters for <c>/backend-api/v2/synthesize/{provider}</c>.</param>
public sealed record SynthesizeData(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("data")] JsonObject Data);
