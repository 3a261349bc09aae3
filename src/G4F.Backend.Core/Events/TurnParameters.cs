using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>
/// The parameters of a turn the client may edit and send back as top-level fields (PROTOCOL 15), with the values the turn
/// runs with: what the request set, else the defaults.
/// </summary>
/// <param name="Provider">The provider (or the automatic router) the turn was routed to.</param>
/// <param name="Model">The model asked for, else the provider's default model, else <c>default</c>.</param>
/// <param name="Temperature">The sampling temperature (1 when the request sets none).</param>
/// <param name="TopP">The nucleus sampling mass (1 when the request sets none).</param>
/// <param name="MaxTokens">The answer's token limit (4096 when the request sets none).</param>
/// <param name="Stop">The stop sequence(s) as the request sent them (a string or an array), an empty array when none.</param>
/// <param name="Stream">Whether the answer is streamed (always true for a conversation turn).</param>
public sealed record TurnParameters(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("top_p")] double TopP,
    [property: JsonPropertyName("max_tokens")] int MaxTokens,
    [property: JsonPropertyName("stop")] JsonNode Stop,
    [property: JsonPropertyName("stream")] bool Stream);
