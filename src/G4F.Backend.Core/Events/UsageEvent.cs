using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Token usage of the turn; sent once near the end of every successful turn.</summary>
/// <param name="Usage">The counts.</param>
public sealed record UsageEvent([property: JsonPropertyName("usage")] TokenUsage Usage) : ResponseEvent("usage")
{
    /// <summary>The last model the upstream reported.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>The provider the request resolved to (<c>AnyProvider</c> for routed requests).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }
}
