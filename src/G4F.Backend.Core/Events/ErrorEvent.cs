using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A fatal error; the last event of the turn before the log lines.</summary>
/// <param name="Error">The error name, e.g. <c>RateLimitError</c>.</param>
/// <param name="Message">The message, <c>"&lt;Name&gt;: &lt;text&gt;"</c>.</param>
public sealed record ErrorEvent(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message) : ResponseEvent("error");
