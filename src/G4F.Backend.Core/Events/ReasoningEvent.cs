using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>
/// Model thinking: a token delta, a status line, a labelled status, or the start/end marker of a
/// <c>&lt;think&gt;</c> block (PROTOCOL 3.5). <c>token</c> is always written, as the original does.
/// </summary>
public sealed record ReasoningEvent() : ResponseEvent("reasoning")
{
    /// <summary>Thinking text delta, or null for status-only events.</summary>
    [JsonPropertyName("token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Token { get; init; }

    /// <summary>Status line; an empty string clears it.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Label of a labelled status.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary><c>&lt;think&gt;</c> at the start, <c>&lt;/think&gt;</c> at the end of a thinking block.</summary>
    [JsonPropertyName("is_thinking")]
    public string? IsThinking { get; init; }
}
