using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A non-fatal error reported by the provider; the stream goes on.</summary>
/// <param name="Message">The message, <c>"&lt;Name&gt;: &lt;text&gt;"</c>.</param>
/// <param name="Error">The error name.</param>
public sealed record MessageEvent(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("error")] string Error) : ResponseEvent("message");
