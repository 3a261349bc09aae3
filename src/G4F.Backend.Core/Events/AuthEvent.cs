using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Credentials are missing or were rejected (fatal); the client offers its API-key field.</summary>
/// <param name="Auth">The error name, <c>MissingAuthError</c>.</param>
/// <param name="Message">The message, <c>"MissingAuthError: &lt;text&gt;"</c>.</param>
public sealed record AuthEvent(
    [property: JsonPropertyName("auth")] string Auth,
    [property: JsonPropertyName("message")] string Message) : ResponseEvent("auth");
