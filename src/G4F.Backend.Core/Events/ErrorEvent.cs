using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A fatal error; the last event of the turn before the log lines.</summary>
/// <param name="Error">The error name, e.g. <c>RateLimitError</c>.</param>
/// <param name="Message">The message, <c>"&lt;Name&gt;: &lt;text&gt;"</c>.</param>
public sealed record ErrorEvent(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message) : ResponseEvent("error")
{
    /// <summary>
    /// For an error that stands for several providers' failures (<c>RetryProviderError</c>), the error name of the one that
    /// says most about why the turn failed, e.g. <c>MissingAuthError</c> or <c>RateLimitError</c>: a front door that answers
    /// with a status derives it from this name (an OpenAI-compatible API answers 401, 429, 404). Null when
    /// <see cref="Error"/> says it. Not part of the protocol: never written to the event stream.
    /// </summary>
    [JsonIgnore]
    public string? Cause { get; init; }

    /// <summary>
    /// The upstream's HTTP status behind the failure (behind <see cref="Cause"/> when there is one), when there was one,
    /// e.g. to tell an upstream's 504 from its 429, which the protocol both names <c>RateLimitError</c>. Never written to
    /// the event stream.
    /// </summary>
    [JsonIgnore]
    public int? UpstreamStatusCode { get; init; }
}
